import { rawDb } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';

/**
 * Own-certificate mode is opt-in per tenant and only a platform admin may allow it. Withdrawing the
 * permission also returns the tenant to delegated access.
 */
export async function setOwnCertificateAllowed(userId: string, tenantId: string, allowed: boolean) {
  await requirePlatformAdmin(userId);
  const id = uuidSchema.parse(tenantId);
  const res = await rawDb().tenant.updateMany({
    where: { id },
    data: allowed ? { ownCertificateAllowed: true } : { ownCertificateAllowed: false, ksefAccessMode: 'DELEGATED' },
  });
  if (res.count !== 1) throw notFound();
  await rawDb().auditEvent.create({
    data: { tenantId: id, actorUserId: userId, action: 'admin.ownCertificateAllowed', result: allowed ? 'ALLOWED' : 'DISALLOWED' },
  });
}
