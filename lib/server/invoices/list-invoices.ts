import 'server-only';
import { z } from 'zod';
import { Prisma, type InvoiceKind, type InvoiceStatus } from '@/lib/db/client';
import { todayInPoland } from '@/lib/fa3/rules';
import { PAYMENT_FILTERS, noPaymentStatusReason, paymentState, type PaymentState } from '@/lib/invoices/payment-status';
import { requireRole, type Actor } from '../access';
import { parseStoredPermissionCheck } from '../ksef-access/check-permissions';
import { pageOf, pageWindow } from '../paging';
import { paymentCtes, paymentFilterSql, paymentJoinsSql } from '../payments/payment-sql';

export const invoiceListQuery = z.object({
  status: z.enum(['DRAFT', 'ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED', 'REJECTED']).optional().catch(undefined),
  kind: z.enum(['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR']).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  buyer: z.string().trim().max(100).optional().catch(undefined),
  number: z.string().trim().max(100).optional().catch(undefined),
  /** The payment status (lib/invoices/payment-status.ts); `open` = anything left to pay. */
  payment: z.enum(PAYMENT_FILTERS).optional().catch(undefined),
  sort: z.enum(['issueDate', 'number', 'buyerName', 'totalGross']).default('issueDate').catch('issueDate'),
  dir: z.enum(['asc', 'desc']).default('desc').catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(10).max(100).default(25).catch(25),
});

export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

// Ties (same day, same buyer, same amount) go in the order the numbers were given: a number is taken
// with issuedAt in one transaction under the series lock, so issuedAt orders a series' numbers.
const SORT_COLUMNS = { issueDate: '"issueDate"', number: 'number', buyerName: '"buyerName"', totalGross: '"totalGross"' } as const;

/** A LIKE pattern matching `text` literally (`%`, `_` and `\` in it are not wildcards). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

interface ListRow {
  counted: number;
  /** KsefPermissionCheck.result (JSON), parsed below. */
  lastCheck: unknown;
  waitingInvoices: number;
  id: string | null;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
  issueDate: Date;
  buyerName: string;
  currency: string;
  totalNet: Prisma.Decimal;
  totalGross: Prisma.Decimal;
  /** The total with its corrections, the paid sum and (while something is left) the due date. */
  dueSum: Prisma.Decimal;
  paidSum: Prisma.Decimal;
  dueOn: Date | null;
}

/**
 * The invoice list page: server-side filtering, sorting and pagination (every filter is backed by a
 * (tenantId, …) index), and the KSeF access card shown above it.
 *
 * The page, its capped count and the KSeF card (the last permission check, the invoices held for a
 * grant) are one SQL statement: each statement costs the web process about 0.4 ms of CPU on top of
 * PostgreSQL's work (see docs/benchmarks.md). It is raw SQL, so the tenant condition is written here
 * rather than added by tenantDb(): every subquery starts with it. The buyer search (any part of the
 * name, any case) looks the tenant's distinct buyer names up first (kept by a trigger in
 * InvoiceBuyerName), then the invoices by the (tenantId, buyerName, status) index.
 *
 * Each row's payment status (lib/invoices/payment-status.ts) comes from its payments, its corrections
 * and the due date in its stored form (payments/payment-sql.ts), looked up for the page's rows only
 * (by index, after paging); only the „Płatność” filter joins them to every issued invoice of the
 * tenant (summed once per statement and hash-joined).
 */
export async function listInvoices(actor: Actor, rawQuery: unknown, opts: { today?: string } = {}) {
  const { db } = await requireRole(actor, 'VIEWER');
  const q = invoiceListQuery.parse(rawQuery ?? {});
  const today = opts.today ?? todayInPoland();
  const tenantId = Prisma.sql`${actor.tenantId}::uuid`;
  const where = Prisma.join(
    [
      Prisma.sql`"tenantId" = ${tenantId}`,
      ...(q.status ? [Prisma.sql`status = ${q.status}::"InvoiceStatus"`] : []),
      ...(q.kind ? [Prisma.sql`kind = ${q.kind}::"InvoiceKind"`] : []),
      ...(q.from ? [Prisma.sql`"issueDate" >= ${q.from}::date`] : []),
      ...(q.to ? [Prisma.sql`"issueDate" <= ${q.to}::date`] : []),
      ...(q.buyer ? [Prisma.sql`"buyerName" IN (SELECT name FROM "InvoiceBuyerName" WHERE "tenantId" = ${tenantId} AND name ILIKE ${`%${likeLiteral(q.buyer)}%`})`] : []),
      ...(q.number ? [Prisma.sql`number LIKE ${`${likeLiteral(q.number)}%`}`] : []),
      ...(q.payment ? [paymentFilterSql(q.payment, '"Invoice"', today)] : []),
    ],
    ' AND ',
  );
  const filterJoins = q.payment ? paymentJoinsSql(tenantId, '"Invoice"', 'bulk') : Prisma.empty;
  const dir = Prisma.raw(q.dir === 'asc' ? 'ASC' : 'DESC');
  // The page's payment columns are joined to its rows after paging, so the order is stated again after the join.
  const order = Prisma.sql`${Prisma.raw(SORT_COLUMNS[q.sort])} ${dir}, "issuedAt" ${dir}, "createdAt" ${dir}, id ${dir}`;
  const { skip, take, count } = pageWindow(q.page, q.pageSize);
  const found = await db.$queryRaw<ListRow[]>`
    ${q.payment ? Prisma.sql`WITH RECURSIVE ${paymentCtes(tenantId)}` : Prisma.empty}
    SELECT c.*, p.*
    FROM (
      SELECT
        (SELECT count(*)::int FROM (SELECT 1 FROM "Invoice" ${filterJoins} WHERE ${where} LIMIT ${count.take}) capped) AS counted,
        (SELECT result FROM "KsefPermissionCheck" WHERE "tenantId" = ${tenantId} ORDER BY "checkedAt" DESC LIMIT 1) AS "lastCheck",
        (SELECT count(*)::int FROM "Invoice" WHERE "tenantId" = ${tenantId} AND status = 'WAITING_FOR_PERMISSION') AS "waitingInvoices"
    ) c
    LEFT JOIN LATERAL (
      SELECT pg.*, pp.* FROM (
        SELECT id, number, kind, status, "issueDate", "buyerName", currency, "totalNet", "totalGross", "issuedAt", "createdAt" FROM "Invoice" ${filterJoins}
        WHERE ${where} ORDER BY ${order} OFFSET ${skip} LIMIT ${take}
      ) pg
      LEFT JOIN LATERAL (
        SELECT due_."dueSum", pay_."paidSum", on_."dueOn" FROM "Invoice" pi ${paymentJoinsSql(tenantId, 'pi', 'row')} WHERE pi."tenantId" = ${tenantId} AND pi.id = pg.id
      ) pp ON true
      ORDER BY ${order}
    ) p ON true`;
  const { counted, lastCheck, waitingInvoices } = found[0]!;
  const page = pageOf(
    found.filter((r) => r.id !== null),
    counted,
    q.pageSize,
  );
  return {
    query: q,
    ...page,
    ksef: { lastCheck: lastCheck == null ? null : parseStoredPermissionCheck(actor.tenantId, lastCheck), waitingInvoices },
    rows: page.rows.map((r) => ({
      id: r.id!,
      number: r.number,
      kind: r.kind,
      status: r.status,
      issueDate: r.issueDate.toISOString().slice(0, 10),
      buyerName: r.buyerName,
      currency: r.currency,
      totalNet: r.totalNet.toFixed(2),
      totalGross: r.totalGross.toFixed(2),
      payment: paymentOf(r, today),
    })),
  };
}

/** A row's payment state (null for drafts, rejected invoices and corrections), by paymentState's rules. */
function paymentOf(r: ListRow, today: string): PaymentState | null {
  if (noPaymentStatusReason(r)) return null;
  return paymentState({ totalGross: r.dueSum.toFixed(2), payments: [r.paidSum.toFixed(2)], dueDate: r.dueOn ? r.dueOn.toISOString().slice(0, 10) : null, today });
}
