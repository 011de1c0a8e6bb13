import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { requirePlatformAdmin } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import { bindNip } from '../tenants/nip-claim';
import { tenantDb } from '@/lib/db/tenant-db';
import { enqueueTenantSending } from '@/lib/jobs/queue';

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
  if (!r.bound) throw new AppError({ code: 'CONFLICT', messageKey: 'adminTenants.nipAlreadyVerified' });
  // What waited for the proof goes to the queue; the sending run holds it again, with the real
  // reason, if KSeF's permissions are what is missing.
  await tenantDb(tenantId).$transaction(async (tx) => {
    const released = await tx.invoice.updateMany({ where: { status: 'WAITING_FOR_PERMISSION' }, data: { status: 'QUEUED', statusReason: null, statusParams: {} } });
    if (released.count > 0) await enqueueTenantSending(tx, tenantId);
  });
  return r;
}
