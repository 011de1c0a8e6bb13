import { notFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { AppError } from '@/lib/server/errors';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { PaymentsSection } from './_components/payments-section';
import { EmailSection } from './_components/email-section';
import { DetailsSection, InvoiceHeader, InvoiceToolbar, LinesSection, StatusAlert, TimelineSection, TotalsSection } from './_components/invoice-sections';

const orNotFound = (e: unknown): never => {
  if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
  throw e;
};

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const { id } = await params;
  const inv = await getInvoice(actor, id).catch(orNotFound);

  return (
    <>
      <InvoiceHeader inv={inv} t={t} />
      <StatusAlert inv={inv} t={t} />
      <InvoiceToolbar inv={inv} t={t} />
      <div className="inv-grid">
        <DetailsSection inv={inv} t={t} locale={locale} />
        <TimelineSection inv={inv} t={t} />
      </div>
      <LinesSection inv={inv} t={t} />
      <TotalsSection inv={inv} t={t} locale={locale} />
      <PaymentsSection actor={actor} invoiceId={inv.id} t={t} locale={locale} />
      <EmailSection actor={actor} inv={inv} t={t} locale={locale} />
    </>
  );
}
