import 'server-only';
import { z } from 'zod';
import { rawDb, type Prisma } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';

export const TENANTS_PAGE_SIZE = 25;

const querySchema = z.object({
  q: z.string().trim().max(100).catch(''),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/**
 * Platform admins see every company (names, access mode, the outcome of the last permission check,
 * the own certificate's expiry — never invoices or key material). Searched by NIP or name, paged in
 * the database.
 */
export async function listAllTenants(userId: string, query: { q?: string; page?: string | number } = {}) {
  await requirePlatformAdmin(userId);
  const { q, page } = querySchema.parse(query);
  const digits = q.replace(/[\s-]/g, '');
  const where: Prisma.TenantWhereInput = q ? { OR: [...(/^\d{1,10}$/.test(digits) ? [{ nip: { startsWith: digits } }] : []), { name: { contains: q, mode: 'insensitive' } }] } : {};
  const [total, rows] = await Promise.all([
    rawDb().tenant.count({ where }),
    rawDb().tenant.findMany({
      where,
      select: {
        id: true,
        nip: true,
        name: true,
        ksefAccessMode: true,
        ownCertificateAllowed: true,
        nipVerifiedAt: true,
        createdAt: true,
        _count: { select: { memberships: true } },
        ownCertificate: { select: { notAfter: true } },
        permissionChecks: { select: { outcome: true, checkedAt: true }, orderBy: { checkedAt: 'desc' }, take: 1 },
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * TENANTS_PAGE_SIZE,
      take: TENANTS_PAGE_SIZE,
    }),
  ]);
  return {
    q,
    page,
    total,
    pages: Math.max(1, Math.ceil(total / TENANTS_PAGE_SIZE)),
    rows: rows.map(({ permissionChecks, ownCertificate, ...t }) => ({
      ...t,
      lastCheck: permissionChecks[0] ?? null,
      certificateNotAfter: ownCertificate?.notAfter ?? null,
    })),
  };
}
