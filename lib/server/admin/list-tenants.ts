import { rawDb } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';

/** Platform admins see every company (names and settings, not invoices). */
export async function listAllTenants(userId: string) {
  await requirePlatformAdmin(userId);
  return rawDb().tenant.findMany({
    select: { id: true, nip: true, name: true, ksefAccessMode: true, ownCertificateAllowed: true, createdAt: true, _count: { select: { memberships: true } } },
    orderBy: { createdAt: 'desc' },
    take: 500,
  });
}
