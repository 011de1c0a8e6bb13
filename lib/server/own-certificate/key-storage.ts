import 'server-only';
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { SigningCredential } from '@/lib/ksef';
import { open, seal, type Envelope } from '@/lib/secrets/envelope';

/** The AAD every tenant key is bound to: a row copied to another tenant does not decrypt. */
export const keyAad = (tenantId: string) => `OwnCertificate:${tenantId}`;

export interface StoredKeyColumns {
  masterKeyId: string;
  wrappedDek: Uint8Array;
  keyIv: Uint8Array;
  keyTag: Uint8Array;
  encryptedKey: Uint8Array;
}

/** PKCS#8 DER of the key, encrypted for the tenant; the DER buffer is zeroed afterwards. */
// Prisma's Bytes are Uint8Array<ArrayBuffer>: copy out of Node's pooled buffers.
const bytes = (b: Buffer) => new Uint8Array(b);

export function encryptPrivateKey(tenantId: string, key: KeyObject) {
  const der = key.export({ type: 'pkcs8', format: 'der' });
  try {
    const e = seal(der, keyAad(tenantId));
    return { masterKeyId: e.keyId, wrappedDek: bytes(e.wrappedDek), keyIv: bytes(e.iv), keyTag: bytes(e.tag), encryptedKey: bytes(e.ciphertext) };
  } finally {
    der.fill(0);
  }
}

export const envelopeOf = (row: StoredKeyColumns): Envelope => ({
  keyId: row.masterKeyId,
  wrappedDek: Buffer.from(row.wrappedDek),
  iv: Buffer.from(row.keyIv),
  tag: Buffer.from(row.keyTag),
  ciphertext: Buffer.from(row.encryptedKey),
});

/** Decrypts in memory only, straight into a KeyObject for signing. */
export function credentialFromStored(tenantId: string, row: StoredKeyColumns & { certificate: string }): SigningCredential {
  const der = open(envelopeOf(row), keyAad(tenantId));
  try {
    return new SigningCredential(new X509Certificate(row.certificate), createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }));
  } finally {
    der.fill(0);
  }
}
