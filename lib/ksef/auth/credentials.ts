/**
 * The provider's signing credential (certificate + private key). Loaded from files or environment
 * only — never from the database — and never printed: the object redacts itself in JSON and in
 * util.inspect, and load errors name the variable, never its value.
 */
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import forge from 'node-forge';
import { KsefConfigError } from '../errors';

export type KeyType = 'RSA' | 'EC';

export class SigningCredential {
  /** SHA-256 of the DER certificate, upper-case hex: the KSeF fingerprint and our cache key. */
  readonly fingerprint: string;
  readonly keyType: KeyType;
  /** NIP from organizationIdentifier VATPL-… (seal) or serialNumber TINPL-… (personal), if any. */
  readonly subjectNip?: string;
  readonly certificateDer: Buffer;
  readonly notAfter: Date;
  readonly #privateKey: KeyObject;

  constructor(certificate: X509Certificate, privateKey: KeyObject) {
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new KsefConfigError('The private key does not match the certificate', 'KSEF_KEY_MISMATCH');
    }
    const kt = privateKey.asymmetricKeyType;
    if (kt !== 'rsa' && kt !== 'ec') {
      throw new KsefConfigError(`Unsupported key type ${kt ?? 'unknown'} (RSA or EC P-256 required)`);
    }
    if (kt === 'ec' && privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw new KsefConfigError('EC keys must use the P-256 curve');
    }
    this.keyType = kt === 'rsa' ? 'RSA' : 'EC';
    this.certificateDer = Buffer.from(certificate.raw);
    this.fingerprint = createHash('sha256').update(this.certificateDer).digest('hex').toUpperCase();
    this.notAfter = new Date(certificate.validTo);
    this.subjectNip = nipFromSubject(certificate.subject);
    this.#privateKey = privateKey;
  }

  get privateKey(): KeyObject {
    return this.#privateKey;
  }

  get certificateBase64(): string {
    return this.certificateDer.toString('base64');
  }

  toJSON(): Record<string, unknown> {
    return { fingerprint: this.fingerprint, keyType: this.keyType, subjectNip: this.subjectNip, privateKey: '[REDACTED]' };
  }

  [inspect.custom](): string {
    return `SigningCredential(${this.keyType}, NIP ${this.subjectNip ?? '-'}, ${this.fingerprint.slice(0, 16)}…, key [REDACTED])`;
  }
}

/** Node prints subjects one attribute per line, e.g. `organizationIdentifier=VATPL-1234567890` or `2.5.4.97=…`. */
export function nipFromSubject(subject: string): string | undefined {
  const seal = /(?:organizationIdentifier|2\.5\.4\.97)=(?:VATPL)\D*?(\d{10})/.exec(subject);
  if (seal) return seal[1];
  const personal = /(?:serialNumber|2\.5\.4\.5)=(?:TINPL|NIP)\D*?(\d{10})/.exec(subject);
  return personal?.[1];
}

export function credentialFromPem(certificatePem: string, privateKeyPem: string, passphrase?: string): SigningCredential {
  let cert: X509Certificate;
  let key: KeyObject;
  try {
    cert = new X509Certificate(certificatePem);
  } catch {
    throw new KsefConfigError('The provider certificate is not a readable PEM/DER X.509 certificate');
  }
  try {
    key = createPrivateKey({ key: privateKeyPem, format: 'pem', ...(passphrase ? { passphrase } : {}) });
  } catch {
    // Deliberately no cause: OpenSSL messages may quote parts of the input.
    throw new KsefConfigError('The provider private key cannot be read (wrong format or password)', 'KSEF_KEY_UNREADABLE');
  }
  return new SigningCredential(cert, key);
}

export function credentialFromPkcs12(p12: Uint8Array, password: string): SigningCredential {
  let certDer: Buffer | undefined;
  let keyDer: Buffer | undefined;
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(p12).toString('binary')));
    const pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, password);
    const keyBags = [
      ...(pfx.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!] ?? []),
      ...(pfx.getBags({ bagType: forge.pki.oids.keyBag! })[forge.pki.oids.keyBag!] ?? []),
    ];
    const certBags = pfx.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!] ?? [];
    const kb = keyBags[0];
    if (kb) {
      // forge only models RSA keys; for EC it leaves the PrivateKeyInfo in `asn1`.
      const info = kb.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(kb.key)) : (kb as { asn1?: forge.asn1.Asn1 }).asn1;
      if (info) keyDer = Buffer.from(forge.asn1.toDer(info).getBytes(), 'binary');
    }
    const cb = certBags[0];
    if (cb) {
      const asn = cb.cert ? forge.pki.certificateToAsn1(cb.cert) : (cb as { asn1?: forge.asn1.Asn1 }).asn1;
      if (asn) certDer = Buffer.from(forge.asn1.toDer(asn).getBytes(), 'binary');
    }
  } catch {
    throw new KsefConfigError('The PKCS#12 file cannot be read (wrong format or password)', 'KSEF_P12_UNREADABLE');
  }
  if (!certDer || !keyDer) throw new KsefConfigError('The PKCS#12 file must contain one certificate and its private key');
  return new SigningCredential(new X509Certificate(certDer), createPrivateKey({ key: keyDer, format: 'der', type: 'pkcs8' }));
}

/**
 * Reads the provider credential from the environment (docs/ksef-client.md):
 * KSEF_PROVIDER_CERT_PEM + KSEF_PROVIDER_KEY_PEM, or KSEF_PROVIDER_CERT_FILE + KSEF_PROVIDER_KEY_FILE
 * (+ KSEF_PROVIDER_KEY_PASSWORD), or KSEF_PROVIDER_P12_FILE + KSEF_PROVIDER_P12_PASSWORD.
 */
export function credentialFromEnv(env: Record<string, string | undefined>): SigningCredential {
  const read = (name: string) => {
    const file = env[name];
    if (!file) return undefined;
    try {
      return readFileSync(file);
    } catch {
      throw new KsefConfigError(`Cannot read the file named by ${name}`);
    }
  };
  if (env.KSEF_PROVIDER_P12_FILE) {
    const p12 = read('KSEF_PROVIDER_P12_FILE')!;
    return credentialFromPkcs12(p12, env.KSEF_PROVIDER_P12_PASSWORD ?? '');
  }
  const cert = env.KSEF_PROVIDER_CERT_PEM ?? read('KSEF_PROVIDER_CERT_FILE')?.toString('utf8');
  const key = env.KSEF_PROVIDER_KEY_PEM ?? read('KSEF_PROVIDER_KEY_FILE')?.toString('utf8');
  if (!cert || !key) {
    throw new KsefConfigError('No provider credential: set KSEF_PROVIDER_CERT_FILE and KSEF_PROVIDER_KEY_FILE, KSEF_PROVIDER_P12_FILE, or KSEF_PROVIDER_CERT_PEM and KSEF_PROVIDER_KEY_PEM');
  }
  return credentialFromPem(cert, key, env.KSEF_PROVIDER_KEY_PASSWORD);
}
