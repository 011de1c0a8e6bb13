import 'server-only';
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { formatDate } from '@/lib/i18n/format';
import { AppError } from '../errors';
import { decodePkcs12, MAX_PKCS12_ITERATIONS, Pkcs12Error } from './pkcs12-off-thread';

/**
 * Offline checks of an uploaded KSeF certificate + private key, in the order the owner can act on
 * them: certificate readable → key readable (wrong password has its own message) → key matches →
 * validity window → key strength → subject identifies this tenant (seal) or a person. Each failure is
 * an AppError on the form field to fix. Nothing here keeps or logs the key or a password.
 */

export type UploadInput = { format: 'PEM'; certificate: Uint8Array; privateKey: Uint8Array; keyPassword?: string } | { format: 'P12'; p12: Uint8Array; password: string };

export interface ParsedUpload {
  certificate: X509Certificate;
  privateKey: KeyObject;
  certificatePem: string;
  fingerprint: string;
  subject: string;
  identifierType: 'NIP' | 'PESEL';
  identifierValue: string;
  kind: 'SEAL' | 'PERSONAL';
  notBefore: Date;
  notAfter: Date;
  keyAlgorithm: string;
}

const fail = (field: string, key: string, params?: Record<string, string | number>) => new AppError({ code: 'VALIDATION', messageKey: `certificates.errors.${key}`, field, params });

/** Fields of the upload form, so messages land next to the right input. */
export const FIELDS = { certificate: 'certificateFile', key: 'keyFile', keyPassword: 'keyPassword', p12: 'p12File', p12Password: 'p12Password' } as const;

function readCertificate(bytes: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(bytes));
  } catch {
    throw fail(FIELDS.certificate, 'certificateUnreadable');
  }
}

const isEncryptedPem = (text: string) => /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,ENCRYPTED/.test(text);

function readPemKey(bytes: Uint8Array, password: string | undefined): KeyObject {
  const buf = Buffer.from(bytes);
  const text = buf.toString('utf8');
  if (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) {
    const encrypted = isEncryptedPem(text);
    if (encrypted && !password) throw fail(FIELDS.keyPassword, 'keyPasswordRequired');
    try {
      return createPrivateKey({ key: text, format: 'pem', ...(encrypted ? { passphrase: password } : {}) });
    } catch {
      // No cause kept: OpenSSL messages can quote the input.
      throw encrypted ? fail(FIELDS.keyPassword, 'keyWrongPassword') : fail(FIELDS.key, 'keyUnreadable');
    }
  }
  try {
    return createPrivateKey({ key: buf, format: 'der', type: 'pkcs8' });
  } catch {
    throw fail(FIELDS.key, 'keyUnreadable');
  }
}

/**
 * PKCS#12, opened off the request thread after its iteration counts are checked
 * (pkcs12-off-thread.ts). An unreadable file and a wrong password are told apart (the MAC check
 * needs the password).
 */
async function readPkcs12(bytes: Uint8Array, password: string): Promise<{ certificates: X509Certificate[]; key: KeyObject }> {
  let decoded: Awaited<ReturnType<typeof decodePkcs12>>;
  try {
    decoded = await decodePkcs12(bytes, password);
  } catch (e) {
    if (!(e instanceof Pkcs12Error)) throw e;
    if (e.failure === 'WRONG_PASSWORD') throw fail(FIELDS.p12Password, 'p12WrongPassword');
    if (e.failure === 'TOO_MANY_ITERATIONS') throw fail(FIELDS.p12, 'p12TooManyIterations', { iterations: e.iterations ?? 0, max: MAX_PKCS12_ITERATIONS });
    if (e.failure === 'TIMEOUT') throw fail(FIELDS.p12, 'p12TooSlow');
    throw fail(FIELDS.p12, 'p12Unreadable');
  }
  if (!decoded.key || decoded.certificates.length === 0) throw fail(FIELDS.p12, 'p12Incomplete');
  try {
    return { certificates: decoded.certificates.map((c) => new X509Certificate(c)), key: createPrivateKey({ key: decoded.key, format: 'der', type: 'pkcs8' }) };
  } catch {
    throw fail(FIELDS.p12, 'p12Unreadable');
  }
}

function keyAlgorithm(key: KeyObject, field: string): string {
  const d = key.asymmetricKeyDetails;
  if (key.asymmetricKeyType === 'rsa') {
    const bits = d?.modulusLength ?? 0;
    if (bits < 2048) throw fail(field, 'keyTooWeak', { algorithm: `RSA ${bits}` });
    return `RSA-${bits}`;
  }
  if (key.asymmetricKeyType === 'ec') {
    if (d?.namedCurve !== 'prime256v1') throw fail(field, 'keyTooWeak', { algorithm: `EC ${d?.namedCurve ?? '?'}` });
    return 'EC-P256';
  }
  throw fail(field, 'keyTooWeak', { algorithm: key.asymmetricKeyType ?? '?' });
}

/** Node prints one attribute per line: `organizationIdentifier=VATPL-…`, `serialNumber=TINPL-…` (certyfikaty-KSeF.md). */
export function certificateIdentity(subject: string): { kind: 'SEAL' | 'PERSONAL'; type: 'NIP' | 'PESEL'; value: string } | undefined {
  const seal = /(?:^|\n)(?:organizationIdentifier|2\.5\.4\.97)=VATPL-(\d{10})(?:\n|$)/.exec(subject);
  if (seal) return { kind: 'SEAL', type: 'NIP', value: seal[1]! };
  const tin = /(?:^|\n)(?:serialNumber|2\.5\.4\.5)=TINPL-(\d{10})(?:\n|$)/.exec(subject);
  if (tin) return { kind: 'PERSONAL', type: 'NIP', value: tin[1]! };
  const pesel = /(?:^|\n)(?:serialNumber|2\.5\.4\.5)=PNOPL-(\d{11})(?:\n|$)/.exec(subject);
  if (pesel) return { kind: 'PERSONAL', type: 'PESEL', value: pesel[1]! };
  return undefined;
}

const subjectSummary = (subject: string) =>
  subject
    .split('\n')
    .filter((l) => /^(CN|O|organizationIdentifier|serialNumber|GN|SN|givenName|surname)=/.test(l))
    .join(', ')
    .slice(0, 500);

export async function parseUpload(input: UploadInput, tenantNip: string, now = new Date()): Promise<ParsedUpload> {
  let certificate: X509Certificate;
  let privateKey: KeyObject;
  let fileField: string;
  if (input.format === 'PEM') {
    fileField = FIELDS.certificate;
    certificate = readCertificate(input.certificate);
    privateKey = readPemKey(input.privateKey, input.keyPassword || undefined);
    if (!certificate.checkPrivateKey(privateKey)) throw fail(FIELDS.key, 'keyMismatch');
  } else {
    fileField = FIELDS.p12;
    const p = await readPkcs12(input.p12, input.password);
    privateKey = p.key;
    // A PKCS#12 may carry the chain too: the certificate is the one the key belongs to.
    const own = p.certificates.find((c) => c.checkPrivateKey(p.key));
    if (!own) throw fail(FIELDS.p12, 'keyMismatch');
    certificate = own;
  }
  const notBefore = new Date(certificate.validFrom);
  const notAfter = new Date(certificate.validTo);
  if (notAfter.getTime() <= now.getTime()) throw fail(fileField, 'expired', { date: formatDate(notAfter, 'pl') });
  if (notBefore.getTime() > now.getTime()) throw fail(fileField, 'notYetValid', { date: formatDate(notBefore, 'pl') });
  const algorithm = keyAlgorithm(privateKey, fileField);
  const id = certificateIdentity(certificate.subject);
  if (!id) throw fail(fileField, 'subjectUnrecognized');
  if (id.kind === 'SEAL' && id.value !== tenantNip) throw fail(fileField, 'wrongNip', { certNip: id.value, tenantNip });
  return {
    certificate,
    privateKey,
    certificatePem: certificate.toString(),
    fingerprint: createHash('sha256').update(certificate.raw).digest('hex').toUpperCase(),
    subject: subjectSummary(certificate.subject),
    identifierType: id.type,
    identifierValue: id.value,
    kind: id.kind,
    notBefore,
    notAfter,
    keyAlgorithm: algorithm,
  };
}
