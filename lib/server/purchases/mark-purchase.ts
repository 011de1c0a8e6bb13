import 'server-only';
import { z } from 'zod';
import { requireRole, type Actor } from '../access';
import { recordAudit } from '../audit/record-audit';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';

export const markInput = z.object({
  id: uuidSchema,
  mark: z.enum(['paid', 'booked'], { message: 'purchases.errors.mark' }),
  value: z.enum(['on', 'off'], { message: 'purchases.errors.mark' }),
});

/**
 * Marks a received invoice paid / booked (or clears the mark), recording who and when (ACCOUNTANT+).
 * The marks are the company's bookkeeping state of the invoice; the user who set one is shown with it.
 */
export async function markPurchase(actor: Actor, input: unknown) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const parsed = markInput.safeParse(input);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === 'id')) throw notFound();
    throw new AppError({ code: 'VALIDATION', messageKey: 'purchases.errors.mark' });
  }
  const { id, mark, value } = parsed.data;
  const on = value === 'on';
  const data = mark === 'paid' ? { paidAt: on ? new Date() : null, paidById: on ? actor.userId : null } : { bookedAt: on ? new Date() : null, bookedById: on ? actor.userId : null };
  const r = await db.receivedInvoice.updateMany({ where: { id }, data });
  if (r.count !== 1) throw notFound();
  await recordAudit(actor, { action: `purchases.mark.${mark}`, result: value.toUpperCase(), details: { receivedInvoiceId: id } });
  return { id, mark, on };
}
