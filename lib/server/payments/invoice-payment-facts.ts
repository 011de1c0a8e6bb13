import 'server-only';
import { Prisma, type InvoiceKind, type InvoiceStatus } from '@/lib/db/client';
import type { TenantDb } from '@/lib/db/tenant-db';
import { noPaymentStatusReason, paymentState, type NoPaymentStatus, type PaymentState } from '@/lib/invoices/payment-status';
import { paymentJoinsSql } from './payment-sql';

type Db = Pick<TenantDb, '$queryRaw'> | Pick<Prisma.TransactionClient, '$queryRaw'>;

interface FactsRow {
  id: string;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
  currency: string;
  issueDate: Date;
  totalGross: Prisma.Decimal;
  corrections: Prisma.Decimal;
  correctionCount: number;
  paid: Prisma.Decimal;
  dueDate: Date | null;
  rootId: string | null;
  rootNumber: string | null;
}

export interface InvoicePaymentFacts {
  id: string;
  number: string | null;
  kind: InvoiceKind;
  status: InvoiceStatus;
  currency: string;
  issueDate: string;
  totalGross: string;
  /** Sum of the totals of its issued corrections (0.00 without any). */
  corrections: string;
  correctionCount: number;
  dueDate: string | null;
  /** Why it has no payment status (draft, rejected, a correction), or null when it has one. */
  none: NoPaymentStatus | null;
  state: PaymentState | null;
  /** A correction: the invoice whose amount due it changes (where its payments are recorded). */
  settledOn: { id: string; number: string | null } | null;
}

/**
 * The payment facts of one invoice of the tenant (null when it has no such invoice), in one statement:
 * its total, its corrections' totals, the paid sum and the due date; the state is paymentState's.
 */
export async function invoicePaymentFacts(db: Db, tenantId: string, invoiceId: string, today: string): Promise<InvoicePaymentFacts | null> {
  const t = Prisma.sql`${tenantId}::uuid`;
  // A correction's root: up its chain of corrected invoices to the first that is not a correction.
  const rows = await db.$queryRaw<FactsRow[]>`
    SELECT i.id, i.number, i.kind, i.status, i.currency, i."issueDate", i."totalGross",
      kc_.total AS corrections, kc_.n AS "correctionCount", pay_."paidSum" AS paid,
      dd_."dueDate" AS "dueDate", r.id AS "rootId", r.number AS "rootNumber"
    FROM "Invoice" i ${paymentJoinsSql(t, 'i', 'row')}
    LEFT JOIN LATERAL (
      WITH RECURSIVE up AS (
        SELECT p.id, p.number, p.kind, p."correctedInvoiceId", 1 AS depth FROM "Invoice" p WHERE p."tenantId" = ${t} AND p.id = i."correctedInvoiceId"
        UNION ALL
        SELECT p.id, p.number, p.kind, p."correctedInvoiceId", up.depth + 1 FROM up JOIN "Invoice" p ON p."tenantId" = ${t} AND p.id = up."correctedInvoiceId"
        WHERE up.kind = 'KOR' AND up.depth < 100
      )
      SELECT up.id, up.number FROM up WHERE up.kind <> 'KOR' LIMIT 1
    ) r ON i.kind = 'KOR'
    WHERE i."tenantId" = ${t} AND i.id = ${invoiceId}::uuid`;
  const r = rows[0];
  if (!r) return null;
  const none = noPaymentStatusReason(r);
  const dueDate = r.dueDate ? r.dueDate.toISOString().slice(0, 10) : null;
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    status: r.status,
    currency: r.currency,
    issueDate: r.issueDate.toISOString().slice(0, 10),
    totalGross: r.totalGross.toFixed(2),
    corrections: r.corrections.toFixed(2),
    correctionCount: r.correctionCount,
    dueDate,
    none,
    state: none ? null : paymentState({ totalGross: r.totalGross.toFixed(2), corrections: [r.corrections.toFixed(2)], payments: [r.paid.toFixed(2)], dueDate, today }),
    settledOn: r.rootId ? { id: r.rootId, number: r.rootNumber } : null,
  };
}
