import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { shredOwnCertificate } from '../own-certificate/remove-own-certificate';

const inputSchema = z.object({
  tenantId: uuidSchema,
  allowed: z.boolean(),
  reason: z.string().trim().min(3, 'adminTenants.reasonRequired').max(500, 'adminTenants.reasonRequired'),
});

/**
 * Own-certificate mode is opt-in per tenant and only a platform admin may allow it, with a reason;
 * every change is audited in the tenant's log. Withdrawing it crypto-shreds the stored key (the row
 * with the only wrapped DEK is deleted) and returns the tenant to delegated access.
 */
export async function setOwnCertificateAllowed(userId: string, input: { tenantId: string; allowed: boolean; reason: string }) {
  await requirePlatformAdmin(userId);
  const { tenantId, allowed, reason } = inputSchema.parse(input);
  const tenant = await rawDb().tenant.findUnique({ where: { id: tenantId }, select: { ownCertificateAllowed: true } });
  if (!tenant) throw notFound();
  if (allowed) {
    await rawDb().$transaction([
      rawDb().tenant.update({ where: { id: tenantId }, data: { ownCertificateAllowed: true } }),
      rawDb().auditEvent.create({ data: { tenantId, actorUserId: userId, action: 'admin.ownCertificateAllowed', result: 'ALLOWED', details: { reason, before: tenant.ownCertificateAllowed } } }),
    ]);
    return { allowed: true, keyDeleted: false };
  }
  const r = await shredOwnCertificate(tenantId, { userId, action: 'admin.ownCertificateAllowed', result: 'DISALLOWED', reason, alsoDisallow: true });
  return { allowed: false, keyDeleted: r.keyDeleted };
}
