import 'server-only';
import Decimal from 'decimal.js';
import { z } from 'zod';
import { todayInPoland } from '@/lib/fa3/rules';
import { normalizeDecimal } from '@/lib/invoices/form';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import { invoicePaymentFacts } from './invoice-payment-facts';

/** The earliest payment date accepted (a typo guard: 0202 for 2026, not a business rule). */
export const EARLIEST_PAYMENT_DATE = '2000-01-01';
/** Decimal(18, 2): 16 digits before the point. */
const MAX_INT_DIGITS = 16;

/** An amount as typed („1 234,56”, „1234.5”) → "1234.56", with one message per kind of mistake. */
const amountSchema = z
  .string('payments.errors.amountRequired')
  .trim()
  .min(1, 'payments.errors.amountRequired')
  .transform(normalizeDecimal)
  .superRefine((s, ctx) => {
    const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
    const problem = !m
      ? 'amountInvalid'
      : m[1] || /^0+(\.0*)?$/.test(`${m[2]}${m[3] ? `.${m[3]}` : ''}`)
        ? 'amountPositive'
        : (m[3]?.length ?? 0) > 2
          ? 'amountDecimals'
          : m[2]!.length > MAX_INT_DIGITS
            ? 'amountTooLarge'
            : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: `payments.errors.${problem}` });
  })
  .transform((s) => new Decimal(s).toFixed(2));

/** The form's fields; `today` (in Poland) bounds the payment date. */
export function recordPaymentInput(today: string) {
  return z.object({
    invoiceId: uuidSchema,
    paidOn: z
      .string('payments.errors.paidOnRequired')
      .trim()
      .min(1, 'payments.errors.paidOnRequired')
      .pipe(z.iso.date('payments.errors.paidOnInvalid'))
      .refine((d) => d <= today, 'payments.errors.paidOnFuture')
      .refine((d) => d >= EARLIEST_PAYMENT_DATE, 'payments.errors.paidOnTooEarly'),
    amount: amountSchema,
    note: z
      .string()
      .trim()
      .max(200, 'validation.maxLength.200')
      // eslint-disable-next-line no-control-regex
      .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(s), 'validation.controlCharacters')
      .optional()
      .transform((s) => s || undefined),
  });
}

const NOT_PAYABLE = { draft: 'payments.errors.draft', rejected: 'payments.errors.rejected', correction: 'payments.errors.correction' } as const;

/**
 * Records a payment received for a sales invoice (ACCOUNTANT or OWNER), audited. The invoice row is
 * locked while the payment is checked and written, so two payments recorded at once cannot together
 * exceed what is left: an amount above the remaining sum is refused at the field (an overpayment is
 * money to return, not a payment of this invoice).
 */
export async function recordPayment(actor: Actor, input: unknown, opts: { today?: string } = {}) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const raw = (input ?? {}) as Record<string, unknown>;
  if (!uuidSchema.safeParse(raw.invoiceId).success) throw notFound();
  const today = opts.today ?? todayInPoland();
  const data = recordPaymentInput(today).parse(input);

  return db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<{ id: string }[]>`SELECT id FROM "Invoice" WHERE "tenantId" = ${actor.tenantId}::uuid AND id = ${data.invoiceId}::uuid FOR UPDATE`;
    if (!locked.length) throw notFound();
    const facts = await invoicePaymentFacts(tx, actor.tenantId, data.invoiceId, today);
    if (!facts) throw notFound();
    if (facts.none) throw new AppError({ code: 'CONFLICT', messageKey: NOT_PAYABLE[facts.none] });
    const state = facts.state!;
    if (new Decimal(state.remaining).isZero()) throw new AppError({ code: 'CONFLICT', messageKey: state.status === 'overpaid' ? 'payments.errors.overpaidAlready' : 'payments.errors.alreadyPaid' });
    if (new Decimal(data.amount).gt(state.remaining)) {
      throw new AppError({ code: 'VALIDATION', messageKey: 'payments.errors.amountExceeds', field: 'amount', params: { remaining: state.remaining, currency: facts.currency } });
    }
    const payment = await tx.invoicePayment.create({
      data: { tenantId: actor.tenantId, invoiceId: data.invoiceId, paidOn: new Date(`${data.paidOn}T00:00:00Z`), amount: data.amount, note: data.note ?? null, createdById: actor.userId },
    });
    const after = new Decimal(state.remaining).minus(data.amount);
    await tx.auditEvent.create({
      data: {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: 'payment.recorded',
        result: after.isZero() ? 'PAID' : 'PARTIAL',
        details: { invoiceId: facts.id, number: facts.number, paymentId: payment.id, amount: data.amount, currency: facts.currency, paidOn: data.paidOn, remaining: after.toFixed(2) },
      },
    });
    return { id: payment.id, invoiceId: facts.id, amount: data.amount, paidOn: data.paidOn, remaining: after.toFixed(2) };
  });
}
