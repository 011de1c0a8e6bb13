/**
 * Independent crypto for emulator tests: certificates, XAdES-BES signing of AuthTokenRequest and
 * session encryption written directly on Node's crypto — no code shared with lib/ksef or the emulator.
 * The signed document is written so that every signed subtree is already in exclusive-C14N form
 * (namespace declarations exactly where exc-c14n renders them, explicit end tags, no whitespace), so
 * digests are taken over our own bytes without any canonicalisation library.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, publicEncrypt, randomBytes, sign, webcrypto, constants, createCipheriv, type KeyObject } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

export interface TestCert {
  der: Buffer;
  privateKey: KeyObject;
  kind: 'rsa' | 'ec';
  fingerprint: string;
}

/** Self-signed company seal `VATPL-<nip>` (as on TEST), RSA-2048 or EC P-256. */
export async function makeSealCert(
  nip: string,
  kind: 'rsa' | 'ec' = 'rsa',
  opts: { subject?: string; rsaBits?: number; notAfter?: Date; issuer?: { cert: TestCert; name: string } } = {},
): Promise<TestCert> {
  const { privateKey, publicKey } = kind === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: opts.rsaBits ?? 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const alg = kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const subtle = webcrypto.subtle;
  const pub = await subtle.importKey('spki', publicKey.export({ type: 'spki', format: 'der' }), alg, true, ['verify']);
  const signerPriv = opts.issuer ? opts.issuer.cert.privateKey : privateKey;
  const signerAlg = opts.issuer ? (opts.issuer.cert.kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' }) : alg;
  const priv = await subtle.importKey('pkcs8', signerPriv.export({ type: 'pkcs8', format: 'der' }), signerAlg, true, ['sign']);
  const name = opts.subject ?? `CN=Pieczęć ${nip}, O=Firma ${nip} Sp. z o.o., 2.5.4.97=VATPL-${nip}, C=PL`;
  const common = {
    serialNumber: randomBytes(8)
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    notBefore: new Date(Date.now() - 3600_000),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * 24 * 3600_000),
    signingAlgorithm: signerAlg,
  };
  const cert = opts.issuer
    ? await x509.X509CertificateGenerator.create({ ...common, subject: name, issuer: opts.issuer.name, publicKey: pub, signingKey: priv })
    : await x509.X509CertificateGenerator.createSelfSigned({ ...common, name, keys: { publicKey: pub, privateKey: priv } as CryptoKeyPair });
  const der = Buffer.from(cert.rawData);
  return { der, privateKey, kind, fingerprint: createHash('sha256').update(der).digest('hex').toUpperCase() };
}

export function certPem(c: TestCert): string {
  return `-----BEGIN CERTIFICATE-----\n${c.der.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
}

const b64sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('base64');

export interface AuthRequestOpts {
  challenge: string;
  contextNip?: string;
  context?: { type: 'Nip' | 'InternalId' | 'NipVatUe'; value: string };
  subjectType?: 'certificateSubject' | 'certificateFingerprint';
  version?: '2.0' | '2.1';
  allowedIps?: string[];
}

/** AuthTokenRequest without signature, in canonical form. */
export function authTokenRequestBody(o: AuthRequestOpts): { open: string; inner: string; close: string } {
  const ns = `http://ksef.mf.gov.pl/auth/token/${o.version ?? '2.1'}`;
  const ctx = o.context ?? { type: 'Nip', value: o.contextNip! };
  const policy = o.allowedIps ? `<AuthorizationPolicy><AllowedIps>${o.allowedIps.map((ip) => `<Ip4Address>${ip}</Ip4Address>`).join('')}</AllowedIps></AuthorizationPolicy>` : '';
  return {
    open: `<AuthTokenRequest xmlns="${ns}">`,
    inner: `<Challenge>${o.challenge}</Challenge><ContextIdentifier><${ctx.type}>${ctx.value}</${ctx.type}></ContextIdentifier><SubjectIdentifierType>${o.subjectType ?? 'certificateSubject'}</SubjectIdentifierType>${policy}`,
    close: '</AuthTokenRequest>',
  };
}

const DSNS = 'http://www.w3.org/2000/09/xmldsig#';
const XADESNS = 'http://uri.etsi.org/01903/v1.3.2#';
const EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';

export interface SignOpts {
  /** Mutate the SignedInfo-covered document after signing (tamper tests) — applied by the caller instead. */
  signingTime?: string;
  /** Use a wrong certificate in SigningCertificate. */
  certDigestOf?: Buffer;
  omitSignedProperties?: boolean;
}

/** XAdES-BES enveloped signature; RSA PKCS#1 v1.5 SHA-256 or ECDSA P-256 SHA-256 (IEEE P1363 r||s). */
export function signAuthRequest(o: AuthRequestOpts, cert: TestCert, so: SignOpts = {}): string {
  const { open, inner, close } = authTokenRequestBody(o);
  const docDigest = b64sha256(open + inner + close);
  const x509cert = new x509.X509Certificate(new Uint8Array(cert.der));
  const serialDec = BigInt(`0x${x509cert.serialNumber}`).toString(10);
  const spId = 'SignedProperties-emu-1';
  const sigId = 'Signature-emu-1';
  const dsEl = (name: string, attrs: string, content: string) => `<ds:${name} xmlns:ds="${DSNS}"${attrs}>${content}</ds:${name}>`;
  const signedProps =
    `<xades:SignedProperties xmlns:xades="${XADESNS}" Id="${spId}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${so.signingTime ?? new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z')}</xades:SigningTime>` +
    `<xades:SigningCertificate><xades:Cert><xades:CertDigest>` +
    dsEl('DigestMethod', ` Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"`, '') +
    dsEl('DigestValue', '', b64sha256(so.certDigestOf ?? cert.der)) +
    `</xades:CertDigest><xades:IssuerSerial>` +
    dsEl('X509IssuerName', '', escapeText(x509cert.issuer)) +
    dsEl('X509SerialNumber', '', serialDec) +
    `</xades:IssuerSerial></xades:Cert></xades:SigningCertificate></xades:SignedSignatureProperties></xades:SignedProperties>`;
  const sigAlg = cert.kind === 'rsa' ? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256' : 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256';
  const spRef = so.omitSignedProperties
    ? ''
    : `<ds:Reference Type="http://uri.etsi.org/01903#SignedProperties" URI="#${spId}"><ds:Transforms><ds:Transform Algorithm="${EXC}"></ds:Transform></ds:Transforms>` +
      `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${b64sha256(signedProps)}</ds:DigestValue></ds:Reference>`;
  const signedInfo =
    `<ds:SignedInfo xmlns:ds="${DSNS}"><ds:CanonicalizationMethod Algorithm="${EXC}"></ds:CanonicalizationMethod><ds:SignatureMethod Algorithm="${sigAlg}"></ds:SignatureMethod>` +
    `<ds:Reference URI=""><ds:Transforms><ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"></ds:Transform><ds:Transform Algorithm="${EXC}"></ds:Transform></ds:Transforms>` +
    `<ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"></ds:DigestMethod><ds:DigestValue>${docDigest}</ds:DigestValue></ds:Reference>` +
    spRef +
    `</ds:SignedInfo>`;
  const sigValue = cert.kind === 'rsa' ? sign('sha256', Buffer.from(signedInfo), cert.privateKey) : sign('sha256', Buffer.from(signedInfo), { key: cert.privateKey, dsaEncoding: 'ieee-p1363' });
  const signature =
    `<ds:Signature xmlns:ds="${DSNS}" Id="${sigId}">${signedInfo}<ds:SignatureValue>${sigValue.toString('base64')}</ds:SignatureValue>` +
    `<ds:KeyInfo><ds:X509Data><ds:X509Certificate>${cert.der.toString('base64')}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>` +
    `<ds:Object><xades:QualifyingProperties xmlns:xades="${XADESNS}" Target="#${sigId}">${signedProps}</xades:QualifyingProperties></ds:Object></ds:Signature>`;
  return `<?xml version="1.0" encoding="utf-8"?>${open}${inner}${signature}${close}`;
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// ---- session encryption (RSA-OAEP SHA-256 + AES-256-CBC), Node crypto only ----------------------

export interface SessionKey {
  key: Buffer;
  iv: Buffer;
  encryptedSymmetricKey: string;
  initializationVector: string;
  publicKeyId: string;
}

export function publicKeyFromCertB64(certB64: string): KeyObject {
  const c = new x509.X509Certificate(new Uint8Array(Buffer.from(certB64, 'base64')));
  return createPublicKey({ key: Buffer.from(c.publicKey.rawData), format: 'der', type: 'spki' });
}

export function oaepEncrypt(certB64: string, data: Buffer): Buffer {
  return publicEncrypt({ key: publicKeyFromCertB64(certB64), padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, data);
}

export function newSessionKey(cert: { certificate: string; publicKeyId: string }): SessionKey {
  const key = randomBytes(32);
  const iv = randomBytes(16);
  return {
    key,
    iv,
    encryptedSymmetricKey: oaepEncrypt(cert.certificate, key).toString('base64'),
    initializationVector: iv.toString('base64'),
    publicKeyId: cert.publicKeyId,
  };
}

export function aesEncrypt(k: { key: Buffer; iv: Buffer }, data: Buffer): Buffer {
  const c = createCipheriv('aes-256-cbc', k.key, k.iv);
  return Buffer.concat([c.update(data), c.final()]);
}

export function encryptedInvoicePayload(k: SessionKey, xml: Buffer, extra: Record<string, unknown> = {}) {
  const enc = aesEncrypt(k, xml);
  return {
    invoiceHash: createHash('sha256').update(xml).digest('base64'),
    invoiceSize: xml.length,
    encryptedInvoiceHash: createHash('sha256').update(enc).digest('base64'),
    encryptedInvoiceSize: enc.length,
    encryptedInvoiceContent: enc.toString('base64'),
    ...extra,
  };
}

export const sha256b64 = (d: Buffer | string) => createHash('sha256').update(d).digest('base64');
export { createPrivateKey };
