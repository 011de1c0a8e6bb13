import { rawDb } from '@/lib/db/client';

/** The companies a user belongs to: the only cross-tenant read, and it is keyed by the user. */
export async function listUserTenants(userId: string) {
  const rows = await rawDb().membership.findMany({
    where: { userId },
    select: { role: true, tenant: { select: { id: true, name: true, nip: true } } },
    orderBy: { createdAt: 'asc' },
  });
  return rows.map((r) => ({ id: r.tenant.id, name: r.tenant.name, nip: r.tenant.nip, role: r.role }));
}
