import 'server-only';
import { z } from 'zod';
import type { KsefClient } from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { enqueueTenantSending } from '@/lib/jobs/queue';
import { requireRole, type Actor } from '../access';
import { AppError } from '../errors';
import { checkTenantPermissions } from '../ksef-access/check-permissions';
import { dropOwnCertificateClient } from './client-cache';

const modeSchema = z.enum(['DELEGATED', 'OWN_CERTIFICATE'], 'certificates.errors.mode');

/**
 * An owner switches between delegated access and the company's own certificate. OWN_CERTIFICATE needs
 * the admin's permission and a stored, unexpired certificate. A fresh permission check follows, so
 * invoices held under the old mode go out under the new one when it allows.
 */
export async function setKsefAccessMode(actor: Actor, mode: string, opts: { client?: KsefClient; now?: Date } = {}) {
  const { db } = await requireRole(actor, 'OWNER');
  const to = modeSchema.parse(mode);
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { ownCertificateAllowed: true, ksefAccessMode: true } });
  if (tenant.ksefAccessMode === to) return { mode: to, changed: false };
  if (to === 'OWN_CERTIFICATE') {
    if (!tenant.ownCertificateAllowed) throw new AppError({ code: 'FORBIDDEN', messageKey: 'certificates.errors.notAllowed' });
    const cert = await db.ownCertificate.findUnique({ where: { tenantId: actor.tenantId }, select: { notAfter: true } });
    if (!cert) throw new AppError({ code: 'CONFLICT', messageKey: 'certificates.errors.noCertificate' });
    if (cert.notAfter.getTime() <= (opts.now ?? new Date()).getTime()) throw new AppError({ code: 'CONFLICT', messageKey: 'certificates.errors.certificateExpiredSwitch' });
  }
  await rawDb().$transaction(async (tx) => {
    await tx.tenant.update({ where: { id: actor.tenantId }, data: { ksefAccessMode: to } });
    await tx.auditEvent.create({ data: { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'ksef.accessMode.changed', result: to, details: { from: tenant.ksefAccessMode, to } } });
  });
  dropOwnCertificateClient(actor.tenantId);
  const check = await checkTenantPermissions(actor.tenantId, { client: opts.client, triggeredBy: actor.userId });
  await enqueueTenantSending(rawDb(), actor.tenantId);
  return { mode: to, changed: true, check };
}
