import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import { bindNip } from '../tenants/nip-claim';

const inputSchema = z.object({
  tenantId: uuidSchema,
  reason: z.string().trim().min(3, 'adminTenants.reasonRequired').max(500, 'adminTenants.reasonRequired'),
});

/**
 * Support's way to bind a NIP (e.g. the company proved control on paper): a platform admin, with a
 * reason, audited in the tenant's log as method ADMIN. Takes the NIP over like any newer proof.
 */
export async function verifyNipByAdmin(userId: string, input: { tenantId: string; reason: string }) {
  await requirePlatformAdmin(userId);
  const { tenantId, reason } = inputSchema.parse(input);
  if (!(await rawDb().tenant.findUnique({ where: { id: tenantId }, select: { id: true } }))) throw notFound();
  const r = await bindNip(tenantId, 'ADMIN', { userId, reason });
  if (!r.bound) throw new AppError('CONFLICT', 'adminTenants.nipAlreadyVerified');
  return r;
}
