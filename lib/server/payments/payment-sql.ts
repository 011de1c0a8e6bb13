import 'server-only';
import { Prisma } from '@/lib/db/client';

/**
 * The payment rules of lib/invoices/payment-status.ts in SQL, for the statements that filter or sum
 * over many invoices (the invoice list, the overview, the overdue list). Raw SQL is not scoped by
 * tenantDb(), so every fragment takes the tenant and starts its subqueries with it.
 *
 * The statement using them starts with `WITH RECURSIVE ${correctionCtes(tenantId)}`: `kor_sums` holds,
 * per invoice that is not a correction, the sum of the totals of its issued corrections, following
 * corrections of corrections up to the invoice they finally correct (a tenant has few corrections:
 * they are found by the (tenantId, kind, issueDate) index).
 */
export function correctionCtes(tenantId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    kor AS (
      SELECT id, "correctedInvoiceId" AS target, "totalGross" AS gross FROM "Invoice"
      WHERE "tenantId" = ${tenantId} AND kind = 'KOR' AND status NOT IN ('DRAFT', 'REJECTED') AND "correctedInvoiceId" IS NOT NULL
    ),
    kor_chain AS (
      SELECT id, target, gross, 1 AS depth FROM kor
      UNION ALL
      SELECT c.id, k.target, c.gross, c.depth + 1 FROM kor_chain c JOIN kor k ON k.id = c.target WHERE c.depth < 100
    ),
    kor_sums AS (
      SELECT target AS root, sum(gross) AS total FROM kor_chain c WHERE NOT EXISTS (SELECT 1 FROM kor k WHERE k.id = c.target) GROUP BY target
    )`;
}

/** `inv` (an alias or table name) has a payment status: issued, not rejected, not a correction. */
export const hasPaymentStatusSql = (inv: string) => Prisma.raw(`${inv}.kind <> 'KOR' AND ${inv}.status NOT IN ('DRAFT', 'REJECTED')`);

/**
 * `LATERAL` joins giving, for each row of `inv`: "paidSum" (its payments, by the (tenantId, invoiceId)
 * index), "dueSum" (its total with its corrections) and "dueOn" (its due date from the stored form;
 * read only while something is left to pay, so paid invoices' models are not read).
 */
export function paymentJoinsSql(tenantId: Prisma.Sql, inv: string): Prisma.Sql {
  const i = Prisma.raw(inv);
  return Prisma.sql`
    CROSS JOIN LATERAL (SELECT coalesce(sum(ip.amount), 0) AS "paidSum" FROM "InvoicePayment" ip WHERE ip."tenantId" = ${tenantId} AND ip."invoiceId" = ${i}.id) pay_
    CROSS JOIN LATERAL (SELECT ${i}."totalGross" + coalesce((SELECT s.total FROM kor_sums s WHERE s.root = ${i}.id), 0) AS "dueSum") due_
    CROSS JOIN LATERAL (
      SELECT CASE WHEN due_."dueSum" > pay_."paidSum" AND ${i}.model -> 'form' ->> 'dueDate' ~ '^\\d{4}-\\d{2}-\\d{2}$' THEN (${i}.model -> 'form' ->> 'dueDate')::date END AS "dueOn"
    ) on_`;
}

/** The list filter's condition on the columns of paymentJoinsSql (same rules as paymentState). */
export function paymentFilterSql(filter: 'open' | 'unpaid' | 'partial' | 'overdue' | 'paid' | 'overpaid', inv: string, today: string): Prisma.Sql {
  const left = Prisma.sql`due_."dueSum" - pay_."paidSum"`;
  const day = Prisma.sql`${today}::date`;
  const notOverdue = Prisma.sql`(on_."dueOn" IS NULL OR on_."dueOn" >= ${day})`;
  const condition = {
    open: Prisma.sql`${left} > 0`,
    unpaid: Prisma.sql`${left} > 0 AND pay_."paidSum" = 0 AND ${notOverdue}`,
    partial: Prisma.sql`${left} > 0 AND pay_."paidSum" > 0 AND ${notOverdue}`,
    overdue: Prisma.sql`${left} > 0 AND on_."dueOn" < ${day}`,
    paid: Prisma.sql`${left} = 0`,
    overpaid: Prisma.sql`${left} < 0`,
  }[filter];
  return Prisma.sql`${hasPaymentStatusSql(inv)} AND ${condition}`;
}
