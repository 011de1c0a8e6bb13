import 'server-only';
import { SigningCredential, type KsefClient } from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { enqueueTenantSending } from '@/lib/jobs/queue';
import { requireRole, type Actor } from '../access';
import { AppError } from '../errors';
import { ksefClient } from '../ksef/gateway';
import { checkTenantPermissions } from '../ksef-access/check-permissions';
import { authenticateInTenantContext } from './authenticate-in-tenant-context';
import { dropOwnCertificateClient } from './client-cache';
import { encryptPrivateKey } from './key-storage';
import { FIELDS, parseUpload, type ParsedUpload, type UploadInput } from './parse-upload';
import { SecretsConfigError } from '@/lib/secrets/envelope';
import { logger } from '@/lib/logger';

/** A server without master keys cannot accept keys: say so plainly (the log names the variable only). */
function encryptKeyOrExplain(tenantId: string, parsed: ParsedUpload) {
  try {
    return encryptPrivateKey(tenantId, parsed.privateKey);
  } catch (e) {
    if (!(e instanceof SecretsConfigError)) throw e;
    logger.error({ problem: e.message }, 'own certificate not stored: master keys misconfigured');
    throw new AppError({ code: 'CONFLICT', messageKey: 'certificates.errors.secretsNotConfigured' });
  }
}

/**
 * An owner uploads (or replaces) the company's own KSeF certificate. All checks, including a live
 * authentication in the tenant's context, pass before anything is stored; the key is then stored
 * only as PKCS#8 inside an AES-256-GCM envelope (the upload password is never kept).
 */
export async function uploadOwnCertificate(actor: Actor, input: UploadInput, opts: { client?: KsefClient; now?: Date } = {}) {
  const { db } = await requireRole(actor, 'OWNER');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, ownCertificateAllowed: true, ksefAccessMode: true } });
  if (!tenant.ownCertificateAllowed) throw new AppError({ code: 'FORBIDDEN', messageKey: 'certificates.errors.notAllowed' });
  const parsed = await parseUpload(input, tenant.nip, opts.now);
  const base = opts.client ?? ksefClient();
  const live = await authenticateInTenantContext(base, new SigningCredential(parsed.certificate, parsed.privateKey), tenant.nip, input.format === 'PEM' ? FIELDS.certificate : FIELDS.p12);

  const data = {
    certificate: parsed.certificatePem,
    fingerprint: parsed.fingerprint,
    subject: parsed.subject,
    identifierType: parsed.identifierType,
    identifierValue: parsed.identifierValue,
    notBefore: parsed.notBefore,
    notAfter: parsed.notAfter,
    keyAlgorithm: parsed.keyAlgorithm,
    uploadedById: actor.userId,
    expiryWarnings: [],
    ...encryptKeyOrExplain(actor.tenantId, parsed),
  };
  const replaced = await db.$transaction(async (tx) => {
    const previous = await tx.ownCertificate.findUnique({ where: { tenantId: actor.tenantId }, select: { fingerprint: true } });
    await tx.ownCertificate.upsert({ where: { tenantId: actor.tenantId }, create: { tenantId: actor.tenantId, ...data }, update: data });
    await tx.auditEvent.create({
      data: {
        tenantId: actor.tenantId,
        actorUserId: actor.userId,
        action: previous ? 'certificate.replaced' : 'certificate.uploaded',
        result: 'OK',
        // Public facts only: never key material or the upload password.
        details: {
          fingerprint: parsed.fingerprint,
          previousFingerprint: previous?.fingerprint ?? null,
          notAfter: parsed.notAfter.toISOString(),
          identifierType: parsed.identifierType,
          keyAlgorithm: parsed.keyAlgorithm,
          permissions: live.permissions,
        },
      },
    });
    return Boolean(previous);
  });
  dropOwnCertificateClient(actor.tenantId);
  if (tenant.ksefAccessMode === 'OWN_CERTIFICATE') {
    // A valid certificate again: a fresh check releases invoices held for the expired one.
    await checkTenantPermissions(actor.tenantId, { client: opts.client, triggeredBy: actor.userId });
    await enqueueTenantSending(rawDb(), actor.tenantId);
  }
  return { fingerprint: parsed.fingerprint, notAfter: parsed.notAfter, replaced, permissions: live.permissions, canSend: live.canSend };
}
