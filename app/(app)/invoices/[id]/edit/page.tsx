import { notFound, redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { AppError } from '@/lib/server/errors';
import { listContractors } from '@/lib/server/contractors/list-contractors';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { InvoiceForm } from '@/components/invoices/invoice-form';
import { correctionContextOf, toBuyerOptions, warsawToday } from '@/components/invoices/page-helpers';
import { createBuyerAction, saveInvoiceAction } from '../../actions';

const orNotFound = (e: unknown): never => {
  if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
  throw e;
};

/** Editing is for drafts only; an issued invoice opens its page (changes go through a correction). */
export default async function EditInvoicePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireActor();
  const { t } = await getT();
  const { id } = await params;
  const saved = (await searchParams).saved === '1';
  const invoice = await getInvoice(actor, id).catch(orNotFound);
  if (invoice.status !== 'DRAFT' || !invoice.canEdit) redirect(`/invoices/${invoice.id}`);
  // A correction draft shows the difference against the corrected invoice, as issuing will.
  const corrected = invoice.kind === 'KOR' && invoice.correctedInvoice ? await getInvoice(actor, invoice.correctedInvoice.id).catch(() => undefined) : undefined;
  const contractors = toBuyerOptions(await listContractors(actor, { take: 500 }));
  return (
    <>
      <div className="page-head">
        <h1>{invoice.kind === 'KOR' ? t('invoiceForm.titleCorrection') : t('invoiceForm.titleEdit')}</h1>
      </div>
      <InvoiceForm
        key={invoice.updatedAt.toISOString()}
        action={saveInvoiceAction}
        createBuyer={createBuyerAction}
        contractors={contractors}
        initial={invoice.form}
        draftId={invoice.id}
        today={warsawToday()}
        correction={corrected ? correctionContextOf(corrected) : undefined}
        cancelHref={`/invoices/${invoice.id}`}
        savedNotice={saved}
      />
    </>
  );
}
