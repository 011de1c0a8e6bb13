import { z } from 'zod';
import { requireRole, type Actor } from '../access';
import { ksefStatusSummary } from '../ksef-access/get-ksef-access';

export const invoiceListQuery = z.object({
  status: z.enum(['DRAFT', 'ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED', 'REJECTED']).optional().catch(undefined),
  kind: z.enum(['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR']).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  buyer: z.string().trim().max(100).optional().catch(undefined),
  number: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(['issueDate', 'number', 'buyerName', 'totalGross']).default('issueDate').catch('issueDate'),
  dir: z.enum(['asc', 'desc']).default('desc').catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(10).max(100).default(25).catch(25),
});

export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

export const COUNT_CAP = 10_000;

/**
 * The invoice list page: server-side filtering, sorting and pagination (every filter is backed by a
 * (tenantId, …) index), and the KSeF access card shown above it.
 */
export async function listInvoices(actor: Actor, rawQuery: unknown) {
  const { db } = await requireRole(actor, 'VIEWER');
  const q = invoiceListQuery.parse(rawQuery ?? {});
  const where = {
    ...(q.status ? { status: q.status } : {}),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.from || q.to ? { issueDate: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
    ...(q.buyer ? { buyerName: { contains: q.buyer, mode: 'insensitive' as const } } : {}),
    ...(q.number ? { number: { startsWith: q.number } } : {}),
  };
  const [rows, total, ksef] = await Promise.all([
    db.invoice.findMany({
      where,
      orderBy: [{ [q.sort]: q.dir }, { id: q.dir }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: { id: true, number: true, kind: true, status: true, issueDate: true, buyerName: true, buyerNip: true, currency: true, totalNet: true, totalGross: true, ksefNumber: true },
    }),
    // Counting stops at COUNT_CAP: exact totals of 100k-row tenants cost more than they tell.
    db.invoice.count({ where, take: COUNT_CAP + 1 }),
    ksefStatusSummary(db),
  ]);
  return {
    query: q,
    total: Math.min(total, COUNT_CAP),
    totalIsCapped: total > COUNT_CAP,
    ksef,
    rows: rows.map((r) => ({ ...r, totalNet: r.totalNet.toFixed(2), totalGross: r.totalGross.toFixed(2), issueDate: r.issueDate.toISOString().slice(0, 10) })),
  };
}
