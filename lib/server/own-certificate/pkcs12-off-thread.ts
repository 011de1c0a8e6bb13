import 'server-only';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import forge from 'node-forge';

/**
 * Opening a PKCS#12 derives keys from the password as many times as the file itself asks (its MAC
 * and each encrypted bag carry an iteration count). node-forge derives in JavaScript: a 2.6 KB file
 * asking for 8,000,000 iterations held the event loop — every request of the server — for 49 s.
 * So: the counts are read from the file's structure first (no derivation) and absurd ones refused;
 * what remains is derived in a worker thread, with a time budget.
 */

/** Per derivation. Tools write 2,048 (OpenSSL, Windows: 2,000) to 10,000 (Java keytool). */
export const MAX_PKCS12_ITERATIONS = 200_000;
export const PKCS12_TIMEOUT_MS = 15_000;

export type Pkcs12Failure = 'UNREADABLE' | 'WRONG_PASSWORD' | 'TOO_MANY_ITERATIONS' | 'TIMEOUT';

export class Pkcs12Error extends Error {
  constructor(
    readonly failure: Pkcs12Failure,
    readonly iterations?: number,
  ) {
    super(`PKCS#12: ${failure}`);
  }
}

const MAX_NESTING = 24;

/**
 * Every iteration count in the file: the INTEGER right after an OCTET STRING (the salt) in one
 * SEQUENCE — MacData {mac, macSalt, iterations}, pkcs-12PbeParams {salt, iterations} and
 * PBKDF2-params {salt, iterationCount, …} all have that shape. Encrypted content and bags are
 * nested DER inside OCTET STRINGs, so those are opened too (depth-limited).
 */
export function pkcs12IterationCounts(der: Uint8Array): number[] {
  const out: number[] = [];
  const visit = (node: forge.asn1.Asn1, depth: number) => {
    if (depth > MAX_NESTING) return;
    if (Array.isArray(node.value)) {
      const children = node.value as forge.asn1.Asn1[];
      children.forEach((child, i) => {
        const prev = children[i - 1];
        if (child.tagClass === forge.asn1.Class.UNIVERSAL && child.type === forge.asn1.Type.INTEGER && prev?.type === forge.asn1.Type.OCTETSTRING && prev.tagClass === forge.asn1.Class.UNIVERSAL) {
          const bytes = child.value as string;
          // More than 4 bytes is beyond any sane count: report it as the largest number we can.
          out.push(bytes.length > 4 ? Number.MAX_SAFE_INTEGER : forge.asn1.derToInteger(bytes));
        }
        visit(child, depth + 1);
      });
    } else if (node.type === forge.asn1.Type.OCTETSTRING && typeof node.value === 'string' && node.value.charCodeAt(0) === 0x30) {
      try {
        visit(forge.asn1.fromDer(node.value, true), depth + 1);
      } catch {
        // Not DER after all (a salt or ciphertext that happens to start with 0x30).
      }
    }
  };
  visit(forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(der).toString('binary'))), 0);
  return out;
}

// The worker: plain CommonJS, so it runs the same under tsx, `next dev` and the production build.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const forge = require(workerData.forgePath);
function main() {
  const asn1 = forge.asn1.fromDer(forge.util.createBuffer(Buffer.from(workerData.p12).toString('binary')));
  let pfx;
  try {
    pfx = forge.pkcs12.pkcs12FromAsn1(asn1, false, workerData.password);
  } catch (e) {
    const msg = e && e.message ? e.message : '';
    parentPort.postMessage({ error: /password|MAC|decrypt/i.test(msg) || !msg ? 'WRONG_PASSWORD' : 'UNREADABLE' });
    return;
  }
  const bags = (type) => pfx.getBags({ bagType: type })[type] || [];
  const der = (a) => Buffer.from(forge.asn1.toDer(a).getBytes(), 'binary');
  const keyBag = [...bags(forge.pki.oids.pkcs8ShroudedKeyBag), ...bags(forge.pki.oids.keyBag)][0];
  // forge models only RSA keys; for EC it leaves the PrivateKeyInfo in asn1.
  const info = keyBag ? (keyBag.key ? forge.pki.wrapRsaPrivateKey(forge.pki.privateKeyToAsn1(keyBag.key)) : keyBag.asn1) : undefined;
  const certificates = bags(forge.pki.oids.certBag).flatMap((b) => {
    const a = b.cert ? forge.pki.certificateToAsn1(b.cert) : b.asn1;
    return a ? [der(a)] : [];
  });
  parentPort.postMessage({ key: info ? der(info) : null, certificates });
}
try {
  main();
} catch (e) {
  parentPort.postMessage({ error: 'UNREADABLE' });
}
`;

const forgePath = () => createRequire(path.join(process.cwd(), 'package.json')).resolve('node-forge');

export interface DecodedPkcs12 {
  /** PKCS#8 DER of the private key, if the file has one. */
  key: Buffer | null;
  certificates: Buffer[];
}

export async function decodePkcs12(p12: Uint8Array, password: string, opts: { timeoutMs?: number } = {}): Promise<DecodedPkcs12> {
  let counts: number[];
  try {
    counts = pkcs12IterationCounts(p12);
  } catch {
    throw new Pkcs12Error('UNREADABLE');
  }
  const worst = Math.max(0, ...counts);
  if (worst > MAX_PKCS12_ITERATIONS) throw new Pkcs12Error('TOO_MANY_ITERATIONS', worst);

  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { p12: Buffer.from(p12), password, forgePath: forgePath() }, resourceLimits: { maxOldGenerationSizeMb: 128 } });
  try {
    return await new Promise<DecodedPkcs12>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Pkcs12Error('TIMEOUT')), opts.timeoutMs ?? PKCS12_TIMEOUT_MS);
      worker.once('message', (m: { error?: Pkcs12Failure; key?: Uint8Array | null; certificates?: Uint8Array[] }) => {
        clearTimeout(timer);
        if (m.error) reject(new Pkcs12Error(m.error));
        else resolve({ key: m.key ? Buffer.from(m.key) : null, certificates: (m.certificates ?? []).map((c) => Buffer.from(c)) });
      });
      worker.once('error', () => {
        clearTimeout(timer);
        reject(new Pkcs12Error('UNREADABLE'));
      });
    });
  } finally {
    await worker.terminate();
  }
}
