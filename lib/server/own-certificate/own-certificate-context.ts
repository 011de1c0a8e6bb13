import 'server-only';
import type { KsefClient, KsefContext } from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { cachedOwnCertificateClient } from './client-cache';
import { OwnCertificateUnavailableError } from './errors';
import { credentialFromStored } from './key-storage';

/**
 * The tenant's own-certificate KSeF context, or undefined in delegated mode. Throws
 * OwnCertificateUnavailableError when the mode is on but the certificate is missing or expired
 * (callers hold work instead of failing). The key is decrypted only on a cache miss.
 */
export async function ownCertificateContext(tenant: { id: string; nip: string }, base: KsefClient, now = new Date()): Promise<KsefContext | undefined> {
  // Mode and certificate in one statement (the certificate is reached through this tenant's own row).
  const t = await rawDb().tenant.findUnique({ where: { id: tenant.id }, select: { ksefAccessMode: true, ownCertificate: true } });
  if (t?.ksefAccessMode !== 'OWN_CERTIFICATE') return undefined;
  const cert = t.ownCertificate;
  if (!cert) throw new OwnCertificateUnavailableError('MISSING');
  if (cert.notAfter.getTime() <= now.getTime()) throw new OwnCertificateUnavailableError('EXPIRED', cert.notAfter);
  return cachedOwnCertificateClient(tenant, cert.fingerprint, base, () => credentialFromStored(tenant.id, cert)).context(tenant.nip);
}
