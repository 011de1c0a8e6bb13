import 'server-only';
import { Prisma } from '@/lib/db/client';
import { todayInPoland } from '@/lib/fa3/rules';
import { DUE_SOON_DAYS, addDays } from '@/lib/invoices/payment-status';
import { requireRole, type Actor } from '../access';
import { hasPaymentStatusSql, paymentCtes, paymentJoinsSql } from './payment-sql';

export { DUE_SOON_DAYS };

interface OverviewRow {
  currency: string;
  openSum: Prisma.Decimal | null;
  openCount: number;
  overdueSum: Prisma.Decimal | null;
  overdueCount: number;
  dueSoonSum: Prisma.Decimal | null;
  dueSoonCount: number;
  noDueDateCount: number;
  overpaidSum: Prisma.Decimal | null;
  overpaidCount: number;
}

export interface CurrencyOverview {
  currency: string;
  /** Everything left to pay, overdue included. */
  open: { sum: string; count: number };
  overdue: { sum: string; count: number };
  /** Not overdue, due from today to today + DUE_SOON_DAYS. */
  dueSoon: { sum: string; count: number };
  /** Left to pay without a due date (never overdue). */
  noDueDateCount: number;
  overpaid: { sum: string; count: number };
}

const money = (d: Prisma.Decimal | null) => (d ?? new Prisma.Decimal(0)).toFixed(2);

/**
 * The due-date overview of the invoice list (VIEWER and up): per currency (amounts in different
 * currencies are never added), what is left to pay on issued invoices, how much and how many are
 * overdue, and what falls due in the next DUE_SOON_DAYS days. One statement; PLN first.
 */
export async function getPaymentOverview(actor: Actor, opts: { today?: string } = {}) {
  const { db } = await requireRole(actor, 'VIEWER');
  const today = opts.today ?? todayInPoland();
  const until = addDays(today, DUE_SOON_DAYS);
  const t = Prisma.sql`${actor.tenantId}::uuid`;
  const day = Prisma.sql`${today}::date`;
  const rows = await db.$queryRaw<OverviewRow[]>`
    WITH RECURSIVE ${paymentCtes(t)},
    inv AS (
      SELECT i.currency, due_."dueSum" - pay_."paidSum" AS "left", on_."dueOn"
      FROM "Invoice" i ${paymentJoinsSql(t, 'i', 'bulk')}
      WHERE i."tenantId" = ${t} AND ${hasPaymentStatusSql('i')}
    )
    SELECT currency,
      sum("left") FILTER (WHERE "left" > 0) AS "openSum",
      count(*) FILTER (WHERE "left" > 0)::int AS "openCount",
      sum("left") FILTER (WHERE "left" > 0 AND "dueOn" < ${day}) AS "overdueSum",
      count(*) FILTER (WHERE "left" > 0 AND "dueOn" < ${day})::int AS "overdueCount",
      sum("left") FILTER (WHERE "left" > 0 AND "dueOn" BETWEEN ${day} AND ${until}::date) AS "dueSoonSum",
      count(*) FILTER (WHERE "left" > 0 AND "dueOn" BETWEEN ${day} AND ${until}::date)::int AS "dueSoonCount",
      count(*) FILTER (WHERE "left" > 0 AND "dueOn" IS NULL)::int AS "noDueDateCount",
      sum(-"left") FILTER (WHERE "left" < 0) AS "overpaidSum",
      count(*) FILTER (WHERE "left" < 0)::int AS "overpaidCount"
    FROM inv GROUP BY currency
    ORDER BY currency <> 'PLN', currency`;
  const currencies: CurrencyOverview[] = rows
    .filter((r) => r.openCount > 0 || r.overpaidCount > 0)
    .map((r) => ({
      currency: r.currency,
      open: { sum: money(r.openSum), count: r.openCount },
      overdue: { sum: money(r.overdueSum), count: r.overdueCount },
      dueSoon: { sum: money(r.dueSoonSum), count: r.dueSoonCount },
      noDueDateCount: r.noDueDateCount,
      overpaid: { sum: money(r.overpaidSum), count: r.overpaidCount },
    }));
  // hasInvoices: the company has issued invoices (then „nothing to pay” is news; without any, the card is not shown).
  return { today, dueSoonUntil: until, hasInvoices: rows.length > 0, currencies };
}

export type PaymentOverview = Awaited<ReturnType<typeof getPaymentOverview>>;
