import 'server-only';
import { z } from 'zod';
import { todayInPoland } from '@/lib/fa3/rules';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { invoicePaymentFacts } from './invoice-payment-facts';

const deletePaymentInput = z.object({ paymentId: uuidSchema });

/** Deletes a recorded payment (a mistyped one; ACCOUNTANT or OWNER), audited with what it was. */
export async function deletePayment(actor: Actor, input: unknown, opts: { today?: string } = {}) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const parsed = deletePaymentInput.safeParse(input);
  if (!parsed.success) throw notFound();
  const today = opts.today ?? todayInPoland();
  return db.$transaction(async (tx) => {
    const payment = await tx.invoicePayment.findFirst({ where: { id: parsed.data.paymentId } });
    if (!payment) throw notFound();
    await tx.$queryRaw`SELECT id FROM "Invoice" WHERE "tenantId" = ${actor.tenantId}::uuid AND id = ${payment.invoiceId}::uuid FOR UPDATE`;
    const { count } = await tx.invoicePayment.deleteMany({ where: { id: payment.id } });
    if (count !== 1) throw notFound();
    const facts = await invoicePaymentFacts(tx, actor.tenantId, payment.invoiceId, today);
    const amount = payment.amount.toFixed(2);
    const paidOn = payment.paidOn.toISOString().slice(0, 10);
    await tx.auditEvent.create({
      data: {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: 'payment.deleted',
        result: 'OK',
        details: { invoiceId: payment.invoiceId, number: facts?.number ?? null, paymentId: payment.id, amount, currency: facts?.currency ?? null, paidOn, remaining: facts?.state?.remaining ?? null },
      },
    });
    return { id: payment.id, invoiceId: payment.invoiceId, amount, paidOn };
  });
}
