import 'server-only';
import { computeTotals } from '@/lib/fa3/totals';
import type { Line } from '@/lib/fa3/model';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { decimalValue, invoiceDraftInput, normalizeDecimal, type InvoiceFormData } from '@/lib/invoices/form';
import { loadIssueContext } from './issue-context';
import { summarizeTotals } from './to-fa3';

/**
 * Creates or updates a draft. A draft is a draft: it may have no buyer yet and lines without a name,
 * price or rate (invoiceDraftInput); what is typed must be well-formed, and is reported per field
 * (zod). Issuing checks the rest (invoiceFormInput, then the FA(3) rules). Totals are computed now
 * from the complete lines, so the list shows them; a correction's totals are the difference.
 */
export async function saveInvoiceDraft(actor: Actor, input: unknown, invoiceId?: string) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const data = invoiceDraftInput.parse(input);
  // The buyer and the corrected invoice are looked up in this tenant only (tenant-scoped db), as issuing does.
  const ctx = data.buyerContractorId ? await loadIssueContext(db, actor.tenantId, data) : undefined;
  if (!ctx && data.kind === 'KOR') await loadCorrected(db, data);
  const row = {
    kind: data.kind,
    issueDate: new Date(data.issueDate),
    saleDate: data.saleDate ? new Date(data.saleDate) : null,
    currency: data.currency,
    buyerContractorId: ctx ? data.buyerContractorId : null,
    buyerName: ctx?.buyer.name ?? '',
    buyerNip: ctx?.buyer.nip ?? null,
    // Only a KOR links, and only to an accepted invoice of this tenant (checked above).
    correctedInvoiceId: data.kind === 'KOR' ? (data.correctedInvoiceId ?? null) : null,
    model: { form: data },
    ...summarizeTotals(previewTotals(data, ctx?.corrected)),
  };
  if (!invoiceId) {
    const created = await db.invoice.create({ data: { ...row, tenantId: actor.tenantId, status: 'DRAFT', createdById: actor.userId }, select: { id: true } });
    return { id: created.id };
  }
  const res = await db.invoice.updateMany({ where: { id: invoiceId, status: 'DRAFT' }, data: row });
  if (res.count !== 1) {
    if (await db.invoice.count({ where: { id: invoiceId } })) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.invoiceNotDraft' });
    throw notFound();
  }
  return { id: invoiceId };
}

type Db = Awaited<ReturnType<typeof requireRole>>['db'];

/** A KOR draft without a buyer still points only at an accepted invoice of this tenant. */
async function loadCorrected(db: Db, data: InvoiceFormData) {
  const original = data.correctedInvoiceId ? await db.invoice.findFirst({ where: { id: data.correctedInvoiceId }, select: { status: true, number: true } }) : null;
  if (!original || !original.number || original.status !== 'ACCEPTED') throw new AppError({ code: 'VALIDATION', messageKey: 'validation.correctionReference', field: 'correctedInvoiceId' });
}

/** The totals of the lines that are complete (a number, a price and a rate); a correction's "before" lines subtracted. */
function previewTotals(data: InvoiceFormData, corrected: { lines: Line[]; priceMode: 'net' | 'gross' } | undefined) {
  const mode = corrected?.priceMode ?? data.priceMode;
  const after: Line[] = [];
  data.lines.forEach((l, i) => {
    const discountOk = l.discount === undefined || decimalValue(l.discount) !== undefined;
    if (!l.vatRate || !decimalValue(l.quantity) || !decimalValue(l.unitPrice) || !discountOk) return;
    const price = normalizeDecimal(l.unitPrice);
    after.push({
      no: String(i + 1),
      name: l.name,
      unit: l.unit,
      quantity: normalizeDecimal(l.quantity),
      ...(mode === 'gross' ? { unitGrossPrice: price } : { unitNetPrice: price }),
      ...(l.discount ? { discount: normalizeDecimal(l.discount) } : {}),
      vatRate: l.vatRate,
    });
  });
  const before = (corrected?.lines ?? []).map((l) => ({ ...l, before: true }));
  const foreign = data.currency !== 'PLN';
  return computeTotals([...before, ...after], { mode, currency: data.currency, ...(foreign && data.exchangeRate ? { exchangeRate: data.exchangeRate } : {}) });
}
