import 'server-only';
import { completeInvoice } from '@/lib/fa3/totals';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { invoiceFormInput } from '@/lib/invoices/form';
import { loadIssueContext } from './issue-context';
import { summarizeTotals, toFa3Draft } from './to-fa3';

/**
 * Creates or updates a draft. Shape errors (zod) are reported per field; the FA(3) business rules run
 * at issue time, but totals are computed now so the list shows them.
 */
export async function saveInvoiceDraft(actor: Actor, input: unknown, invoiceId?: string) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const data = invoiceFormInput.parse(input);
  const ctx = await loadIssueContext(db, actor.tenantId, data);
  const preview = completeInvoice(toFa3Draft(data, { ...ctx, number: 'SZKIC', createdAt: new Date().toISOString() }));
  const row = {
    kind: data.kind,
    issueDate: new Date(data.issueDate),
    saleDate: data.saleDate ? new Date(data.saleDate) : null,
    currency: data.currency,
    buyerContractorId: data.buyerContractorId,
    buyerName: ctx.buyer.name,
    buyerNip: ctx.buyer.nip,
    // Only a KOR links, and only to the invoice loadIssueContext found in this tenant.
    correctedInvoiceId: data.kind === 'KOR' ? (data.correctedInvoiceId ?? null) : null,
    model: { form: data },
    ...summarizeTotals(preview.totals),
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
