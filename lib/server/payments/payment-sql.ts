import 'server-only';
import { Prisma } from '@/lib/db/client';

/**
 * The payment rules of lib/invoices/payment-status.ts in SQL, for the statements that read or filter
 * many invoices (the invoice list, the overview, the overdue list). Raw SQL is not scoped by
 * tenantDb(), so every fragment takes the tenant and starts its subqueries with it.
 *
 * Two ways to join an invoice's payments and corrections, by how many invoices a statement reads:
 * - `row` (a page of the list, one invoice): per invoice, its payments by the (tenantId, invoiceId)
 *   index and its corrections — and corrections of those — by the (tenantId, correctedInvoiceId)
 *   index (migration invoice_payment_indexes). Nothing else of the tenant is read.
 * - `bulk` (the overview, the „Płatność” filter): the tenant's payments summed per invoice and its
 *   corrections summed per corrected invoice once (the CTEs of paymentCtes, which the statement
 *   must start with: `WITH RECURSIVE ${paymentCtes(tenantId)}`), hash-joined to its invoices.
 *
 * Both give, per invoice: "paidSum", "dueSum" (its total with its corrections) and "dueOn" (its due
 * date while something is left to pay, from InvoiceDueDate: the form's due date, copied there by a
 * trigger, so no JSON model is read). Of Invoice itself the bulk joins read only what its partial
 * covering index "Invoice_payable_idx" holds (id, currency, totalGross), when the statement does too.
 */
export function paymentCtes(tenantId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    kor AS MATERIALIZED (
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
    ),
    pay_sums AS (
      SELECT "invoiceId", sum(amount) AS paid FROM "InvoicePayment" WHERE "tenantId" = ${tenantId} GROUP BY "invoiceId"
    )`;
}

/** `inv` (an alias or table name) has a payment status: issued, not rejected, not a correction. */
export const hasPaymentStatusSql = (inv: string) => Prisma.raw(`${inv}.kind <> 'KOR' AND ${inv}.status NOT IN ('DRAFT', 'REJECTED')`);

/** The issued corrections of `inv` and of its corrections, summed ("total") and counted ("n"). */
function correctionsOfSql(tenantId: Prisma.Sql, i: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE ch AS (
      SELECT k.id, k."totalGross", 1 AS depth FROM "Invoice" k
      WHERE k."tenantId" = ${tenantId} AND k."correctedInvoiceId" = ${i}.id AND k.kind = 'KOR' AND k.status NOT IN ('DRAFT', 'REJECTED')
      UNION ALL
      SELECT k.id, k."totalGross", ch.depth + 1 FROM ch JOIN "Invoice" k ON k."tenantId" = ${tenantId} AND k."correctedInvoiceId" = ch.id
      WHERE k.kind = 'KOR' AND k.status NOT IN ('DRAFT', 'REJECTED') AND ch.depth < 100
    )
    SELECT coalesce(sum(ch."totalGross"), 0) AS total, count(*)::int AS n FROM ch`;
}

/**
 * Joins giving "paidSum", "dueSum", "dueOn" (and, `row` only, kc_.n: the number of corrections) for each
 * row of `inv`. Their other columns have names Invoice does not use, so a statement's unqualified
 * Invoice columns ("tenantId", status …) stay unambiguous.
 */
export function paymentJoinsSql(tenantId: Prisma.Sql, inv: string, mode: 'row' | 'bulk'): Prisma.Sql {
  const i = Prisma.raw(inv);
  const sums =
    mode === 'row'
      ? Prisma.sql`
    CROSS JOIN LATERAL (SELECT coalesce(sum(ip.amount), 0) AS "paidSum" FROM "InvoicePayment" ip WHERE ip."tenantId" = ${tenantId} AND ip."invoiceId" = ${i}.id) pay_
    CROSS JOIN LATERAL (${correctionsOfSql(tenantId, i)}) kc_
    CROSS JOIN LATERAL (SELECT ${i}."totalGross" + kc_.total AS "dueSum") due_`
      : Prisma.sql`
    LEFT JOIN kor_sums ks_ ON ks_.root = ${i}.id
    LEFT JOIN pay_sums ps_ ON ps_."invoiceId" = ${i}.id
    CROSS JOIN LATERAL (SELECT coalesce(ps_.paid, 0) AS "paidSum") pay_
    CROSS JOIN LATERAL (SELECT ${i}."totalGross" + coalesce(ks_.total, 0) AS "dueSum") due_`;
  return Prisma.sql`${sums}
    LEFT JOIN (SELECT "invoiceId" AS "dueOf", "dueDate" FROM "InvoiceDueDate" WHERE "tenantId" = ${tenantId}) dd_ ON dd_."dueOf" = ${i}.id
    CROSS JOIN LATERAL (SELECT CASE WHEN due_."dueSum" > pay_."paidSum" THEN dd_."dueDate" END AS "dueOn") on_`;
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
