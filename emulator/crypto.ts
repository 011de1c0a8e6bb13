/**
 * The emulator's own key material and primitives (bezpieczenstwo/klucze-publiczne-do-szyfrowania.md):
 * two RSA certificates "CN=Ministerstwo Finansów" with usages KsefTokenEncryption and
 * SymmetricKeyEncryption; certificateId = Base64 SHA-256 of the DER certificate, publicKeyId = Base64
 * SHA-256 of the DER SubjectPublicKeyInfo. Key wrap RSAES-OAEP SHA-256/MGF1-SHA-256; content AES-256-CBC
 * with PKCS#7 padding, IV carried separately (not prefixed).
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createDecipheriv, createHash, createPrivateKey, generateKeyPairSync, privateDecrypt, constants, webcrypto, createPublicKey, createCipheriv } from 'node:crypto';

export type KeyUsage = 'KsefTokenEncryption' | 'SymmetricKeyEncryption';

export interface PublishedKey {
  usage: KeyUsage[];
  privateKeyPem: string;
  certificateDerB64: string;
  certificateId: string;
  publicKeyId: string;
  validFrom: string;
  validTo: string;
  /** Withdrawn keys are no longer published and answer 21470. */
  withdrawn?: boolean;
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();
export const sha256b64 = (data: Uint8Array | string) => sha256(data).toString('base64');

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export async function generatePublishedKey(usage: KeyUsage, bits = 2048): Promise<PublishedKey> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: bits });
  const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } as const;
  const privPkcs8 = privateKey.export({ type: 'pkcs8', format: 'der' });
  const spki = publicKey.export({ type: 'spki', format: 'der' });
  const subtle = webcrypto.subtle;
  const keys = {
    privateKey: await subtle.importKey('pkcs8', privPkcs8, alg, true, ['sign']),
    publicKey: await subtle.importKey('spki', spki, alg, true, ['verify']),
  };
  const notBefore = new Date(Date.now() - 24 * 3600_000);
  const notAfter = new Date(Date.now() + 2 * 365 * 24 * 3600_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=Ministerstwo Finansów, O=Ministerstwo Finansów (KSeF emulator), C=PL, OU=${usage}`,
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys: keys as CryptoKeyPair,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyEncipherment | x509.KeyUsageFlags.dataEncipherment, true)],
  });
  const der = Buffer.from(cert.rawData);
  return {
    usage: [usage],
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificateDerB64: der.toString('base64'),
    certificateId: sha256b64(der),
    publicKeyId: sha256b64(spki),
    validFrom: notBefore.toISOString(),
    validTo: notAfter.toISOString(),
  };
}

export function rsaOaepDecrypt(privateKeyPem: string, data: Buffer): Buffer {
  return privateDecrypt({ key: createPrivateKey(privateKeyPem), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
}

export function aesCbcDecrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const d = createDecipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([d.update(data), d.final()]);
}

export function aesCbcEncrypt(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

export function publicKeyPemFromCert(certDerB64: string): string {
  const cert = new x509.X509Certificate(Buffer.from(certDerB64, 'base64'));
  return createPublicKey({ key: Buffer.from(cert.publicKey.rawData), format: 'der', type: 'spki' })
    .export({ type: 'spki', format: 'pem' })
    .toString();
}

/** Strict standard Base64 with padding (open-api.json `format: byte`). */
export function decodeB64Strict(s: string): Buffer | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}
