/**
 * Certificates for own-certificate tests: any key type/size, subject and validity window (the dev
 * generator in lib/ksef only makes valid RSA-2048/P-256 seals), encrypted PEM keys and PKCS#12 files.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createPrivateKey, webcrypto } from 'node:crypto';
import forge from 'node-forge';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export type TestKey = 'RSA2048' | 'RSA1024' | 'EC256' | 'EC384';

export interface TestCertificate {
  certificatePem: string;
  privateKeyPem: string;
}

export async function makeCertificate(opts: { seal?: string; personalNip?: string; pesel?: string; plain?: boolean; key?: TestKey; notBefore?: Date; notAfter?: Date }): Promise<TestCertificate> {
  const key = opts.key ?? 'RSA2048';
  const alg = key.startsWith('RSA')
    ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: key === 'RSA1024' ? 1024 : 2048 }
    : { name: 'ECDSA', namedCurve: key === 'EC384' ? 'P-384' : 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const name: x509.JsonName = opts.seal
    ? [{ '2.5.4.97': [`VATPL-${opts.seal}`] }, { O: [`Firma ${opts.seal}`] }, { CN: [`Pieczęć ${opts.seal}`] }, { C: ['PL'] }]
    : opts.personalNip || opts.pesel
      ? [{ '2.5.4.42': ['Jan'] }, { '2.5.4.4': ['Kowalski'] }, { '2.5.4.5': [opts.pesel ? `PNOPL-${opts.pesel}` : `TINPL-${opts.personalNip}`] }, { CN: ['Jan Kowalski'] }, { C: ['PL'] }]
      : [{ CN: ['Bez identyfikatora'] }, { C: ['PL'] }];
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: new x509.Name(name),
    notBefore: opts.notBefore ?? new Date(now - 86_400_000),
    notAfter: opts.notAfter ?? new Date(now + 365 * 86_400_000),
    signingAlgorithm: alg,
    keys,
    extensions: [new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true)],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey));
  const privateKeyPem = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }).export({ type: 'pkcs8', format: 'pem' }) as string;
  return { certificatePem: cert.toString('pem') + '\n', privateKeyPem };
}

/** PKCS#8 PEM encrypted with a password (BEGIN ENCRYPTED PRIVATE KEY). */
export function encryptKeyPem(privateKeyPem: string, password: string): string {
  return createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password }) as string;
}

/** PKCS#12 (RSA keys: node-forge writes only those), 3DES as most tools still emit. */
export function toPkcs12(c: TestCertificate, password: string, opts: { iterations?: number } = {}): Buffer {
  const key = forge.pki.privateKeyFromPem(createPrivateKey(c.privateKeyPem).export({ type: 'pkcs1', format: 'pem' }) as string);
  const cert = forge.pki.certificateFromPem(c.certificatePem);
  const asn1 = forge.pkcs12.toPkcs12Asn1(key, [cert], password, { algorithm: '3des', ...(opts.iterations ? { count: opts.iterations } : {}) });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** The DER bytes of a private key (what must never appear in the database). */
export const keyDer = (privateKeyPem: string) => createPrivateKey(privateKeyPem).export({ type: 'pkcs8', format: 'der' });

/** A checksum-valid PESEL (1990-01-01, random serial). */
export function uniquePesel(): string {
  const w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];
  const d = [9, 0, 0, 1, 0, 1, ...Array.from({ length: 4 }, () => Math.floor(Math.random() * 10))];
  const sum = d.reduce((s, x, i) => s + x * w[i]!, 0);
  return d.join('') + String((10 - (sum % 10)) % 10);
}

/** The same PKCS#12 with its MAC iteration count rewritten (not derived: a hostile file costs nothing to make). */
export function withMacIterations(p12: Buffer, iterations: number): Buffer {
  const pfx = forge.asn1.fromDer(forge.util.createBuffer(p12.toString('binary')));
  ((pfx.value as forge.asn1.Asn1[])[2]!.value as forge.asn1.Asn1[])[2]!.value = forge.asn1.integerToDer(iterations).getBytes();
  return Buffer.from(forge.asn1.toDer(pfx).getBytes(), 'binary');
}
