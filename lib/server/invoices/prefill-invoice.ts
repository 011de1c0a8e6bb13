import 'server-only';
import { todayInPoland } from '@/lib/fa3/rules';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import type { InvoiceFormData } from '@/lib/invoices/form';
import { readInvoiceModel } from './stored-model';

const today = () => todayInPoland();

/**
 * Form data for a new invoice based on an existing one: "duplicate as new" (same buyer and lines,
 * today's dates) or a correction (KOR) of an accepted invoice (its lines as the starting point of
 * the state after correction).
 */
export async function prefillInvoice(actor: Actor, sourceId: string, mode: 'duplicate' | 'correction'): Promise<Partial<InvoiceFormData>> {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const id = uuidSchema.safeParse(sourceId);
  if (!id.success) throw notFound();
  const source = await db.invoice.findFirst({ where: { id: id.data }, select: { id: true, status: true, model: true } });
  if (!source) throw notFound();
  const { form } = readInvoiceModel(source.model, source.id);
  if (!form) throw notFound();
  if (mode === 'duplicate') {
    return { ...form, kind: form.kind === 'KOR' ? 'VAT' : form.kind, issueDate: today(), saleDate: today(), dueDate: undefined, correctedInvoiceId: undefined, correctionReason: undefined };
  }
  if (source.status !== 'ACCEPTED') throw new AppError({ code: 'CONFLICT', messageKey: 'errors.correctionNeedsAccepted' });
  return { ...form, kind: 'KOR', issueDate: today(), correctedInvoiceId: source.id, correctionReason: '' };
}
