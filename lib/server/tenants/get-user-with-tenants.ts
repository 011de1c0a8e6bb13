import 'server-only';
import { rawDb } from '@/lib/db/client';

/**
 * A user and the companies they belong to (with each one's own-certificate expiry, for the owners'
 * banner), in one query (relationJoins): every signed-in page and route handler starts here. The
 * only cross-tenant read, and it is keyed by the user.
 */
export async function getUserWithTenants(userId: string, sessionVersion: number) {
  // A token of an older session version (password changed, „Wyloguj wszędzie”) finds no user.
  const row = await rawDb().user.findFirst({
    where: { id: userId, sessionVersion },
    select: {
      id: true,
      email: true,
      name: true,
      isPlatformAdmin: true,
      locale: true,
      memberships: {
        select: { role: true, tenant: { select: { id: true, name: true, nip: true, ownCertificate: { select: { notAfter: true } } } } },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  if (!row) return null;
  const { memberships, ...user } = row;
  return {
    ...user,
    tenants: memberships.map((m) => ({ id: m.tenant.id, name: m.tenant.name, nip: m.tenant.nip, role: m.role, certificateNotAfter: m.tenant.ownCertificate?.notAfter ?? null })),
  };
}
