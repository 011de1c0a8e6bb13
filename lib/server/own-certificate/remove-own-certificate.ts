import 'server-only';
import { rawDb } from '@/lib/db/client';
import { enqueuePermissionCheck } from '@/lib/jobs/queue';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { dropOwnCertificateClient } from './client-cache';
import type { AuditAction } from '../audit/actions';

/**
 * An owner removes the stored certificate: the row (and with it the only copy of the DEK) is deleted
 * — crypto-shredding — and a tenant in own-certificate mode returns to delegated access.
 */
export async function removeOwnCertificate(actor: Actor) {
  await requireRole(actor, 'OWNER');
  await shredOwnCertificate(actor.tenantId, { userId: actor.userId, action: 'certificate.removed', notFoundIfNone: true });
}

/** Shared by the owner's removal and the admin's toggle-off (same transaction shape, one audit entry). */
export async function shredOwnCertificate(tenantId: string, opts: { userId: string; action: AuditAction; result?: string; reason?: string; notFoundIfNone?: boolean; alsoDisallow?: boolean }) {
  const result = await rawDb().$transaction(async (tx) => {
    const deleted = await tx.ownCertificate.deleteMany({ where: { tenantId } });
    if (!deleted.count && opts.notFoundIfNone) throw notFound();
    const before = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { ksefAccessMode: true } });
    await tx.tenant.update({ where: { id: tenantId }, data: { ksefAccessMode: 'DELEGATED', ...(opts.alsoDisallow ? { ownCertificateAllowed: false } : {}) } });
    await tx.auditEvent.create({
      data: {
        tenantId,
        actorUserId: opts.userId,
        action: opts.action,
        result: opts.result ?? 'OK',
        details: { keyDeleted: deleted.count > 0, modeBefore: before.ksefAccessMode, modeAfter: 'DELEGATED', ...(opts.reason ? { reason: opts.reason } : {}) },
      },
    });
    // Back on delegated access: re-check our grant (this also releases held invoices when it is there).
    if (before.ksefAccessMode !== 'DELEGATED') await enqueuePermissionCheck(tx, tenantId);
    return { keyDeleted: deleted.count > 0, modeBefore: before.ksefAccessMode };
  });
  dropOwnCertificateClient(tenantId);
  return result;
}
