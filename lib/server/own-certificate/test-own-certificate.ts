import 'server-only';
import type { KsefClient } from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { ksefClient } from '../ksef/gateway';
import { authenticateInTenantContext } from './authenticate-in-tenant-context';
import { credentialFromStored } from './key-storage';

/** "Test connection": authenticate live in the tenant's context with the stored certificate. */
export async function testOwnCertificate(actor: Actor, opts: { client?: KsefClient; now?: Date } = {}) {
  const { db } = await requireRole(actor, 'OWNER');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true } });
  const cert = await db.ownCertificate.findUnique({ where: { tenantId: actor.tenantId } });
  if (!cert) throw new AppError({ code: 'CONFLICT', messageKey: 'certificates.errors.noCertificate' });
  if (cert.notAfter.getTime() <= (opts.now ?? new Date()).getTime()) throw new AppError({ code: 'CONFLICT', messageKey: 'certificates.errors.certificateExpiredSwitch' });
  try {
    const r = await authenticateInTenantContext(opts.client ?? ksefClient(), credentialFromStored(actor.tenantId, cert), tenant.nip, 'test');
    await recordAudit(actor, { action: 'certificate.tested', result: 'OK', details: { fingerprint: cert.fingerprint, permissions: r.permissions } });
    return r;
  } catch (e) {
    if (e instanceof AppError) await recordAudit(actor, { action: 'certificate.tested', result: 'FAILED', details: { fingerprint: cert.fingerprint, messageKey: e.messageKey } });
    throw e;
  }
}
