import 'server-only';
import { todayInPoland } from '@/lib/fa3/rules';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { invoicePaymentFacts } from './invoice-payment-facts';

/**
 * The payments section of an invoice page (VIEWER and up): the derived status with its sums, the
 * recorded payments oldest first, what a new payment's form starts with, and whether the reader may
 * record or delete payments.
 */
export async function getInvoicePayments(actor: Actor, invoiceId: string, opts: { today?: string } = {}) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const today = opts.today ?? todayInPoland();
  const facts = await invoicePaymentFacts(db, actor.tenantId, id.data, today);
  if (!facts) throw notFound();
  // Also for an invoice without a status now: one KSeF rejected after a payment was recorded keeps it (to delete).
  const payments = await db.invoicePayment.findMany({
    where: { invoiceId: facts.id },
    orderBy: [{ paidOn: 'asc' }, { createdAt: 'asc' }],
    select: { id: true, paidOn: true, amount: true, note: true },
  });
  return {
    ...facts,
    today,
    payments: payments.map((p) => ({ id: p.id, paidOn: p.paidOn.toISOString().slice(0, 10), amount: p.amount.toFixed(2), note: p.note })),
    canEdit: role !== 'VIEWER',
  };
}

export type InvoicePayments = Awaited<ReturnType<typeof getInvoicePayments>>;
