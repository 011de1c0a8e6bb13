import 'server-only';
import { rawDb } from '@/lib/db/client';
import { configuredKeyring, rewrap, type Keyring } from '@/lib/secrets/envelope';
import { envelopeOf, keyAad } from './key-storage';

/**
 * Master-key rotation, step 2 of 3 (docs/own-certificate.md): after a new key was put FIRST in
 * SECRETS_MASTER_KEYS, every stored DEK is re-wrapped under it; then the old key can leave the
 * variable. Only each DEK is decrypted (in memory), never a tenant's private key. A platform
 * operation across tenants (CLI), not a tenant use case.
 */
export async function rewrapStoredKeys(ring: Keyring = configuredKeyring()): Promise<{ currentKeyId: string; rewrapped: number; alreadyCurrent: number }> {
  const db = rawDb();
  const alreadyCurrent = await db.ownCertificate.count({ where: { masterKeyId: ring.currentId } });
  const stale = await db.ownCertificate.findMany({
    where: { masterKeyId: { not: ring.currentId } },
    select: { tenantId: true, masterKeyId: true, wrappedDek: true, keyIv: true, keyTag: true, encryptedKey: true },
  });
  let rewrapped = 0;
  for (const row of stale) {
    const e = rewrap(envelopeOf(row), keyAad(row.tenantId), ring);
    // Conditional on the old wrapping: a certificate replaced meanwhile is already under the current key.
    const r = await db.ownCertificate.updateMany({
      where: { tenantId: row.tenantId, masterKeyId: row.masterKeyId, wrappedDek: row.wrappedDek },
      data: { masterKeyId: e.keyId, wrappedDek: new Uint8Array(e.wrappedDek) },
    });
    rewrapped += r.count;
  }
  return { currentKeyId: ring.currentId, rewrapped, alreadyCurrent };
}
