/**
 * The payment status of a sales invoice, derived (never stored) from what is recorded: the payments
 * (InvoicePayment), the invoice's gross total with its corrections, and its due date.
 *
 * - Only an issued invoice has one: a draft is no invoice yet, and one KSeF rejected was never issued.
 * - A correction (KOR) has none of its own: its total is a difference („after − before”) that changes
 *   what the buyer owes on the invoice it corrects. The amount due of an invoice is its gross total
 *   plus the totals of its issued corrections (and of corrections of those), and payments are recorded
 *   on that invoice. A correction that lowers the amount below what was already paid leaves an
 *   overpayment („nadpłata”): money to give back. Recording a payment above what is left is refused.
 * - Overdue: not fully paid and the due date is before today in Poland (Europe/Warsaw); on the due
 *   date itself it is not overdue yet. An invoice without a due date is never overdue.
 *
 * Amounts are exact decimal strings (decimal.js); the same rules are written in SQL for the invoice
 * list and the overview (lib/server/payments/payment-sql.ts), and tests check both agree.
 */
import Decimal from 'decimal.js';

/** Days ahead the overview's „due soon” counts, today included: today … today + 7. */
export const DUE_SOON_DAYS = 7;

export const PAYMENT_STATUSES = ['unpaid', 'partial', 'overdue', 'paid', 'overpaid'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The list's „Płatność” filter: each status, and `open` for every invoice not paid in full. */
export const PAYMENT_FILTERS = ['open', ...PAYMENT_STATUSES] as const;
export type PaymentFilter = (typeof PAYMENT_FILTERS)[number];

/** Why an invoice has no payment status. */
export type NoPaymentStatus = 'draft' | 'rejected' | 'correction';

export function noPaymentStatusReason(inv: { kind: string; status: string }): NoPaymentStatus | null {
  if (inv.status === 'DRAFT') return 'draft';
  if (inv.status === 'REJECTED') return 'rejected';
  if (inv.kind === 'KOR') return 'correction';
  return null;
}

export interface PaymentInput {
  /** The invoice's own gross total (Invoice.totalGross). */
  totalGross: string;
  /** Gross totals (differences) of its issued corrections, negative when they lower the amount. */
  corrections?: readonly string[];
  /** Amounts of the recorded payments (each > 0). */
  payments: readonly string[];
  /** YYYY-MM-DD, or none. */
  dueDate?: string | null;
  /** Today in Poland, YYYY-MM-DD (todayInPoland()). */
  today: string;
}

export interface PaymentState {
  status: PaymentStatus;
  /** What the buyer owes in all: the total with its corrections. */
  due: string;
  paid: string;
  /** due − paid when positive, else 0. */
  remaining: string;
  /** paid − due when positive, else 0. */
  overpaid: string;
  /** Days past the due date (Polish calendar days), when overdue. */
  daysOverdue: number;
}

const sum = (values: readonly string[]) => values.reduce((s, v) => s.plus(v), new Decimal(0));

/** Whole days from `from` to `to` (both YYYY-MM-DD): calendar days, no clock or time zone involved. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** YYYY-MM-DD `days` calendar days after `date`. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function paymentState(input: PaymentInput): PaymentState {
  const due = sum([input.totalGross, ...(input.corrections ?? [])]);
  const paid = sum(input.payments);
  const left = due.minus(paid);
  const overdue = left.gt(0) && Boolean(input.dueDate) && input.dueDate! < input.today;
  const status: PaymentStatus = left.lt(0) ? 'overpaid' : left.isZero() ? 'paid' : overdue ? 'overdue' : paid.gt(0) ? 'partial' : 'unpaid';
  return {
    status,
    due: due.toFixed(2),
    paid: paid.toFixed(2),
    remaining: Decimal.max(left, 0).toFixed(2),
    overpaid: Decimal.max(left.negated(), 0).toFixed(2),
    daysOverdue: overdue ? daysBetween(input.dueDate!, input.today) : 0,
  };
}
