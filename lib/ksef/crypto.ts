/**
 * Encryption as KSeF defines it (bezpieczenstwo/klucze-publiczne-do-szyfrowania.md, sesja-interaktywna.md,
 * ksef-protocol.md §4): a fresh AES-256 key + IV per session, AES-256-CBC/PKCS#7 without IV prefix,
 * the key wrapped with RSA-OAEP (SHA-256, MGF1-SHA-256) under the MF certificate of usage
 * `SymmetricKeyEncryption`; hashes are SHA-256 in standard Base64.
 */
import { constants, createCipheriv, createDecipheriv, createHash, publicEncrypt, randomBytes, X509Certificate } from 'node:crypto';
import { KsefConfigError } from './errors';

export type PublicKeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

export interface MfPublicKeyCertificate {
  certificate: string;
  publicKeyId?: string;
  certificateId?: string;
  validFrom: string;
  validTo: string;
  usage: string[];
}

export function sha256Base64(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('base64');
}

export function base64ToBase64Url(b64: string): string {
  return b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Picks the certificate valid now with the needed usage, preferring the latest validFrom (§4.1). */
export function selectPublicKey(certs: MfPublicKeyCertificate[], usage: PublicKeyUsage, now = new Date()): MfPublicKeyCertificate {
  const valid = certs
    .filter((c) => c.usage.includes(usage))
    .filter((c) => new Date(c.validFrom) <= now && now <= new Date(c.validTo))
    .sort((a, b) => Date.parse(b.validFrom) - Date.parse(a.validFrom));
  const chosen = valid[0];
  if (!chosen) throw new KsefConfigError(`KSeF published no valid public key with usage ${usage}`);
  return chosen;
}

function certPem(derBase64: string): string {
  const body = derBase64.replace(/\s+/g, '').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN CERTIFICATE-----\n${body}\n-----END CERTIFICATE-----\n`;
}

/** RSAES-OAEP with SHA-256 and MGF1-SHA-256, empty label. */
export function rsaOaepEncrypt(mfCertificateDerBase64: string, data: Uint8Array): Buffer {
  const cert = new X509Certificate(certPem(mfCertificateDerBase64));
  return publicEncrypt({ key: cert.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
}

export interface SymmetricKey {
  key: Buffer;
  iv: Buffer;
}

export function generateSymmetricKey(): SymmetricKey {
  return { key: randomBytes(32), iv: randomBytes(16) };
}

export function aesEncrypt(k: SymmetricKey, plaintext: Uint8Array): Buffer {
  const c = createCipheriv('aes-256-cbc', k.key, k.iv);
  return Buffer.concat([c.update(plaintext), c.final()]);
}

export function aesDecrypt(k: SymmetricKey, ciphertext: Uint8Array): Buffer {
  const d = createDecipheriv('aes-256-cbc', k.key, k.iv);
  return Buffer.concat([d.update(ciphertext), d.final()]);
}

/** The `encryption` object of session opens and exports. */
export interface EncryptionInfo {
  encryptedSymmetricKey: string;
  initializationVector: string;
  publicKeyId?: string;
}

export function wrapSymmetricKey(k: SymmetricKey, mfKey: MfPublicKeyCertificate): EncryptionInfo {
  return {
    encryptedSymmetricKey: rsaOaepEncrypt(mfKey.certificate, k.key).toString('base64'),
    initializationVector: k.iv.toString('base64'),
    ...(mfKey.publicKeyId ? { publicKeyId: mfKey.publicKeyId } : {}),
  };
}

/**
 * Everything about one invoice that can be computed before any network call, so the app can persist
 * `invoiceHash` (the idempotency key) before sending.
 */
export interface PreparedInvoice {
  /** The exact bytes sent: hashes, KOD I and duplicates refer to these, never to re-serialised XML. */
  xml: Buffer;
  invoiceHash: string;
  invoiceSize: number;
}

export function prepareInvoice(xml: string | Uint8Array): PreparedInvoice {
  const bytes = typeof xml === 'string' ? Buffer.from(xml, 'utf8') : Buffer.from(xml);
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    // KSeF requires UTF-8 without BOM (weryfikacja-faktury.md); a BOM would also change size and hash.
    throw new KsefConfigError('Invoice XML starts with a UTF-8 BOM; KSeF requires UTF-8 without BOM');
  }
  return { xml: bytes, invoiceHash: sha256Base64(bytes), invoiceSize: bytes.length };
}

export interface EncryptedInvoice extends PreparedInvoice {
  encryptedInvoiceHash: string;
  encryptedInvoiceSize: number;
  encryptedInvoiceContent: string;
}

export function encryptInvoice(k: SymmetricKey, p: PreparedInvoice): EncryptedInvoice {
  const enc = aesEncrypt(k, p.xml);
  return {
    ...p,
    encryptedInvoiceHash: sha256Base64(enc),
    encryptedInvoiceSize: enc.length,
    encryptedInvoiceContent: enc.toString('base64'),
  };
}
