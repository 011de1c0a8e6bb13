import { notFound } from 'next/navigation';
import { z } from 'zod';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { AppError } from '@/lib/server/errors';
import { listContractors } from '@/lib/server/contractors/list-contractors';
import { prefillInvoice } from '@/lib/server/invoices/prefill-invoice';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { InvoiceForm } from '@/components/invoices/invoice-form';
import { correctionContextOf, toBuyerOptions, warsawToday } from '@/components/invoices/page-helpers';
import { createBuyerAction, saveInvoiceAction } from '../actions';

const query = z.object({ from: z.uuid().optional().catch(undefined), mode: z.enum(['duplicate', 'correction']).optional().catch(undefined) });

const notFoundToPage = (e: unknown): never => {
  if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
  throw e;
};

/** /invoices/new, or ?from=<id>&mode=duplicate|correction to start from an existing invoice. */
export default async function NewInvoicePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { actor } = await requireActor();
  const { t } = await getT();
  const { from, mode } = query.parse(await searchParams);
  let problem: string | undefined;
  let initial;
  let source;
  if (from && mode) {
    try {
      initial = await prefillInvoice(actor, from, mode);
      source = await getInvoice(actor, from);
    } catch (e) {
      if (e instanceof AppError && e.code !== 'NOT_FOUND') problem = e.messageKey;
      else notFoundToPage(e);
    }
  }
  const contractors = toBuyerOptions(await listContractors(actor, { take: 500 }));
  const correction = mode === 'correction' && source && initial ? correctionContextOf(source) : undefined;
  const title = correction ? t('invoiceForm.titleCorrection') : mode === 'duplicate' && initial ? t('invoiceForm.titleDuplicate') : t('invoiceForm.titleNew');
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      {problem && (
        <div className="alert alert-error" role="alert">
          {t(problem)} {t('invoiceForm.sourceUnavailable')}
        </div>
      )}
      {mode === 'duplicate' && source?.number && <div className="alert alert-info">{t('invoiceForm.duplicateOf', { number: source.number })}</div>}
      <InvoiceForm
        action={saveInvoiceAction}
        createBuyer={createBuyerAction}
        contractors={contractors}
        initial={problem ? undefined : initial}
        today={warsawToday()}
        correction={correction}
        cancelHref={from ? `/invoices/${from}` : '/invoices'}
      />
    </>
  );
}
