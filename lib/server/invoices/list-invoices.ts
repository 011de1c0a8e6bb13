import { z } from 'zod';
import type { Prisma } from '@/lib/db/client';
import type { TenantDb } from '@/lib/db/tenant-db';
import { requireRole, type Actor } from '../access';
import { ksefStatusSummary } from '../ksef-access/get-ksef-access';
import { pageOf, pageWindow } from '../paging';

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

/** More matching names than this and the search runs on the invoices themselves. */
const MAX_BUYER_NAMES = 500;

/**
 * The buyer search: any part of the name, in any case. The tenant's distinct buyer names (kept by a
 * trigger) are searched first; the invoices are then found by the (tenantId, buyerName, status) index.
 */
async function buyerNameFilter(db: TenantDb, text: string): Promise<Prisma.StringFilter<'Invoice'>> {
  const contains = { contains: text, mode: 'insensitive' as const };
  const names = await db.invoiceBuyerName.findMany({ where: { name: contains }, select: { name: true }, take: MAX_BUYER_NAMES + 1 });
  return names.length > MAX_BUYER_NAMES ? contains : { in: names.map((n) => n.name) };
}

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
    ...(q.buyer ? { buyerName: await buyerNameFilter(db, q.buyer) } : {}),
    ...(q.number ? { number: { startsWith: q.number } } : {}),
  };
  const orderBy = [{ [q.sort]: q.dir }, { id: q.dir }];
  const { skip, take, count } = pageWindow(q.page, q.pageSize);
  const [rows, counted, ksef] = await Promise.all([
    db.invoice.findMany({
      where,
      orderBy,
      skip,
      take,
      select: { id: true, number: true, kind: true, status: true, issueDate: true, buyerName: true, buyerNip: true, currency: true, totalNet: true, totalGross: true, ksefNumber: true },
    }),
    db.invoice.count({ where, ...count }),
    ksefStatusSummary(actor.tenantId),
  ]);
  const page = pageOf(rows, counted, q.pageSize);
  return {
    query: q,
    ...page,
    ksef,
    rows: page.rows.map((r) => ({ ...r, totalNet: r.totalNet.toFixed(2), totalGross: r.totalGross.toFixed(2), issueDate: r.issueDate.toISOString().slice(0, 10) })),
  };
}
