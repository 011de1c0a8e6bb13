import 'server-only';
import { Prisma } from '@/lib/db/client';
import { tenantDb } from '@/lib/db/tenant-db';
import { todayInPoland } from '@/lib/fa3/rules';
import { daysBetween } from '@/lib/invoices/payment-status';
import { paymentCtes, paymentFilterSql, paymentJoinsSql } from './payment-sql';

interface OverdueRow {
  id: string;
  number: string | null;
  kind: string;
  issueDate: Date;
  currency: string;
  buyerContractorId: string | null;
  buyerName: string;
  buyerNip: string | null;
  buyerEmail: string | null;
  dueSum: Prisma.Decimal;
  paidSum: Prisma.Decimal;
  dueOn: Date;
  lastPaidOn: Date | null;
}

export interface OverdueInvoice {
  id: string;
  number: string | null;
  kind: string;
  issueDate: string;
  currency: string;
  buyer: { contractorId: string | null; name: string; nip: string | null; email: string | null };
  /** The total with its corrections. */
  due: string;
  paid: string;
  /** What is left to pay (> 0). */
  remaining: string;
  dueDate: string;
  daysOverdue: number;
  lastPaidOn: string | null;
}

/**
 * Every overdue invoice of a tenant, the longest overdue first: for a payment reminder job (no
 * actor: the caller is the system, acting for this tenant; a member-facing screen goes through a use
 * case with requireRole). The buyer's e-mail is the contractor's current one, when it has one.
 */
export async function listOverdueInvoices(tenantId: string, opts: { today?: string; limit?: number } = {}): Promise<OverdueInvoice[]> {
  const today = opts.today ?? todayInPoland();
  const t = Prisma.sql`${tenantId}::uuid`;
  const rows = await tenantDb(tenantId).$queryRaw<OverdueRow[]>`
    WITH RECURSIVE ${paymentCtes(t)}
    SELECT i.id, i.number, i.kind, i."issueDate", i.currency, i."buyerContractorId", i."buyerName", i."buyerNip", c.email AS "buyerEmail",
      due_."dueSum", pay_."paidSum", on_."dueOn",
      (SELECT max(ip."paidOn") FROM "InvoicePayment" ip WHERE ip."tenantId" = ${t} AND ip."invoiceId" = i.id) AS "lastPaidOn"
    FROM "Invoice" i ${paymentJoinsSql(t, 'i', 'bulk')}
    LEFT JOIN "Contractor" c ON c."tenantId" = ${t} AND c.id = i."buyerContractorId"
    WHERE i."tenantId" = ${t} AND ${paymentFilterSql('overdue', 'i', today)}
    ORDER BY on_."dueOn", i."issueDate", i.id
    LIMIT ${opts.limit ?? 10_000}`;
  return rows.map((r) => {
    const dueDate = r.dueOn.toISOString().slice(0, 10);
    return {
      id: r.id,
      number: r.number,
      kind: r.kind,
      issueDate: r.issueDate.toISOString().slice(0, 10),
      currency: r.currency,
      buyer: { contractorId: r.buyerContractorId, name: r.buyerName, nip: r.buyerNip, email: r.buyerEmail },
      due: r.dueSum.toFixed(2),
      paid: r.paidSum.toFixed(2),
      remaining: r.dueSum.minus(r.paidSum).toFixed(2),
      dueDate,
      daysOverdue: daysBetween(dueDate, today),
      lastPaidOn: r.lastPaidOn ? r.lastPaidOn.toISOString().slice(0, 10) : null,
    };
  });
}
