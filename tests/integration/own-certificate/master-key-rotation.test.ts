import crypto from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { KsefClient } from '@/lib/ksef';
import { generateMasterKeyEntry, SecretsConfigError } from '@/lib/secrets/envelope';
import { setOwnCertificateAllowed } from '@/lib/server/admin/set-own-certificate-allowed';
import { uploadOwnCertificate } from '@/lib/server/own-certificate/upload-own-certificate';
import { credentialFromStored } from '@/lib/server/own-certificate/key-storage';
import { rewrapStoredKeys } from '@/lib/server/own-certificate/rewrap-stored-keys';
import { createTenantWithOwner } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv } from '../../support/ksef-emulator';
import { makeCertificate } from '../../support/certificates';

let env: KsefTestEnv;
let client: KsefClient;
let adminId: string;
const originalKeys = process.env.SECRETS_MASTER_KEYS!;

beforeAll(async () => {
  env = await startKsefEmulator();
  client = (await createProvider(env)).client();
  adminId = (await rawDb().user.create({ data: { email: `admin-${crypto.randomUUID()}@example.com`, passwordHash: 'x', isPlatformAdmin: true } })).id;
});
afterAll(async () => env?.close());
afterEach(() => {
  process.env.SECRETS_MASTER_KEYS = originalKeys;
});

describe('master key rotation', () => {
  it('re-wraps stored keys under the new first key; afterwards the old key can leave the variable', async () => {
    const tn = await createTenantWithOwner();
    await setOwnCertificateAllowed(adminId, { tenantId: tn.actor.tenantId, allowed: true, reason: 'Test rotacji kluczy' });
    const cert = await makeCertificate({ seal: tn.nip });
    await uploadOwnCertificate(tn.actor, { format: 'PEM', certificate: Buffer.from(cert.certificatePem), privateKey: Buffer.from(cert.privateKeyPem) }, { client });
    const where = { tenantId: tn.actor.tenantId };
    const before = await rawDb().ownCertificate.findUniqueOrThrow({ where });
    const oldId = originalKeys.split(':')[0];
    expect(before.masterKeyId).toBe(oldId);

    const newEntry = generateMasterKeyEntry(`rot-${crypto.randomUUID().slice(0, 8)}`);
    const newId = newEntry.split(':')[0]!;
    // Without the old key nothing decrypts yet: the rotation below is what makes dropping it safe.
    process.env.SECRETS_MASTER_KEYS = newEntry;
    expect(() => credentialFromStored(tn.actor.tenantId, before)).toThrow(new SecretsConfigError(`no key with id "${oldId}" (it wrapped a stored secret; keep it until secrets:rotate has run)`));

    process.env.SECRETS_MASTER_KEYS = `${newEntry},${originalKeys}`;
    const r = await rewrapStoredKeys();
    expect(r.currentKeyId).toBe(newId);
    expect(r.rewrapped).toBeGreaterThanOrEqual(1);
    expect(await rewrapStoredKeys()).toMatchObject({ rewrapped: 0 }); // idempotent

    const after = await rawDb().ownCertificate.findUniqueOrThrow({ where });
    expect(after.masterKeyId).toBe(newId);
    expect(Buffer.from(after.wrappedDek).equals(Buffer.from(before.wrappedDek))).toBe(false);
    // The key material itself was not re-encrypted: same DEK, same ciphertext.
    expect(Buffer.from(after.encryptedKey).equals(Buffer.from(before.encryptedKey))).toBe(true);

    process.env.SECRETS_MASTER_KEYS = newEntry;
    // SigningCredential refuses a key that does not match its certificate: decrypting is the whole check.
    const credential = credentialFromStored(tn.actor.tenantId, after);
    const message = Buffer.from('podpis po rotacji');
    const signature = crypto.sign('sha256', message, credential.privateKey);
    expect(crypto.verify('sha256', message, new crypto.X509Certificate(cert.certificatePem).publicKey, signature)).toBe(true);
  });
});
