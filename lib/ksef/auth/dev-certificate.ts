/**
 * Self-signed company-seal certificates for development and tests. On KSeF TEST (and the emulator) a
 * self-signed seal with organizationIdentifier `VATPL-<NIP>` authenticates as that NIP
 * (auth/testowe-certyfikaty-i-podpisy-xades.md); DEMO/PRD reject self-signed certificates.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type DevKeyType = 'RSA' | 'EC';

export interface DevCertificate {
  certificatePem: string;
  privateKeyPem: string;
  nip: string;
  keyType: DevKeyType;
}

export interface DevCertificateOptions {
  nip: string;
  keyType?: DevKeyType;
  organizationName?: string;
  commonName?: string;
  /** Validity window; defaults to yesterday … +2 years. */
  notBefore?: Date;
  notAfter?: Date;
  /** Personal certificate (serialNumber TINPL-<NIP>, givenName, surname) instead of a seal. */
  personal?: { givenName: string; surname: string };
}

function pem(label: string, der: ArrayBuffer): string {
  const b64 = Buffer.from(der)
    .toString('base64')
    .replace(/(.{64})/g, '$1\n')
    .replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

export async function generateDevCertificate(opts: DevCertificateOptions): Promise<DevCertificate> {
  const keyType = opts.keyType ?? 'RSA';
  const alg =
    keyType === 'RSA' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const cn = opts.commonName ?? (opts.personal ? `${opts.personal.givenName} ${opts.personal.surname}` : `Seal ${opts.nip}`);
  const name: x509.JsonName = opts.personal
    ? [{ '2.5.4.42': [opts.personal.givenName] }, { '2.5.4.4': [opts.personal.surname] }, { '2.5.4.5': [`TINPL-${opts.nip}`] }, { CN: [cn] }, { C: ['PL'] }]
    : [{ '2.5.4.97': [`VATPL-${opts.nip}`] }, { O: [opts.organizationName ?? `Provider ${opts.nip}`] }, { CN: [cn] }, { C: ['PL'] }];
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: new x509.Name(name),
    notBefore: opts.notBefore ?? new Date(now - 24 * 3600_000),
    notAfter: opts.notAfter ?? new Date(now + 2 * 365 * 24 * 3600_000),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  return { certificatePem: cert.toString('pem') + '\n', privateKeyPem: pem('PRIVATE KEY', pkcs8), nip: opts.nip, keyType };
}
