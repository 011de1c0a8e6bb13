import 'server-only';
import { z } from 'zod';
import type { Prisma } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { pageOf, pageWindow } from '../paging';

const yesNo = z.enum(['yes', 'no']).optional().catch(undefined);

export const purchaseListQuery = z.object({
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  /** Seller name (contains, case-insensitive) or NIP (digits: prefix). */
  seller: z.string().trim().max(100).optional().catch(undefined),
  role: z.enum(['BUYER', 'THIRD_PARTY', 'AUTHORIZED']).optional().catch(undefined),
  paid: yesNo,
  booked: yesNo,
  sort: z.enum(['issueDate', 'sellerName', 'totalGross', 'permanentStorageDate']).default('issueDate').catch('issueDate'),
  dir: z.enum(['asc', 'desc']).default('desc').catch('desc'),
  page: z.coerce.number().int().min(1).max(100_000).default(1).catch(1),
  pageSize: z.coerce.number().int().min(10).max(100).default(25).catch(25),
});
export type PurchaseListQuery = z.infer<typeof purchaseListQuery>;

/**
 * The purchase register: server-side filters, sort and paging on (tenantId, …) indexes; the seller
 * search uses the trigram index on sellerName or the (tenantId, sellerNip) index; counting stops at
 * COUNT_CAP (paging.ts). Never calls KSeF (limity-api.md: users work on the local copy).
 */
export async function listPurchases(actor: Actor, rawQuery: unknown) {
  const { db } = await requireRole(actor, 'VIEWER');
  const q = purchaseListQuery.parse(rawQuery ?? {});
  const digits = q.seller?.replace(/[\s-]/g, '');
  const where: Prisma.ReceivedInvoiceWhereInput = {
    ...(q.from || q.to ? { issueDate: { ...(q.from ? { gte: new Date(q.from) } : {}), ...(q.to ? { lte: new Date(q.to) } : {}) } } : {}),
    ...(q.seller ? (digits && /^\d{3,10}$/.test(digits) ? { sellerNip: { startsWith: digits } } : { sellerName: { contains: q.seller, mode: 'insensitive' as const } }) : {}),
    ...(q.role ? { roles: { has: q.role } } : {}),
    ...(q.paid ? { paidAt: q.paid === 'yes' ? { not: null } : null } : {}),
    ...(q.booked ? { bookedAt: q.booked === 'yes' ? { not: null } : null } : {}),
  };
  const orderBy = [{ [q.sort]: q.dir }, { id: q.dir }];
  const { skip, take, count } = pageWindow(q.page, q.pageSize);
  const [rows, counted] = await Promise.all([
    db.receivedInvoice.findMany({
      where,
      orderBy,
      skip,
      take,
      select: {
        id: true,
        ksefNumber: true,
        invoiceNumber: true,
        invoiceType: true,
        issueDate: true,
        sellerNip: true,
        sellerName: true,
        currency: true,
        totalNet: true,
        totalGross: true,
        roles: true,
        paidAt: true,
        bookedAt: true,
      },
    }),
    db.receivedInvoice.count({ where, ...count }),
  ]);
  const page = pageOf(rows, counted, q.pageSize);
  return {
    query: q,
    ...page,
    rows: page.rows.map((r) => ({
      ...r,
      totalNet: r.totalNet.toFixed(2),
      totalGross: r.totalGross.toFixed(2),
      issueDate: r.issueDate.toISOString().slice(0, 10),
      paid: !!r.paidAt,
      booked: !!r.bookedAt,
      paidAt: undefined,
      bookedAt: undefined,
    })),
  };
}
