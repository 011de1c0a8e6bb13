/**
 * Envelope encryption for secrets we hold on behalf of tenants (their KSeF private keys).
 *
 *   record = AES-256-GCM(plaintext, DEK, iv, AAD)        one random 256-bit DEK per record
 *   wrappedDek = iv ‖ tag ‖ AES-256-GCM(DEK, masterKey[keyId], AAD')
 *
 * The AAD binds the record to its owner (e.g. the tenant id): a row copied to another tenant does not
 * decrypt. Master keys come from SECRETS_MASTER_KEYS ("k2:<base64 32 bytes>,k1:<base64>", the first is
 * current); old ids keep decrypting until `rewrap` has moved every DEK to the current key. Deleting a
 * record deletes its only DEK copy: that is crypto-shredding. Nothing here logs, and errors name the
 * variable, never a value.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { secretsMasterKeys } from '@/lib/config';

export const MASTER_KEYS_VAR = 'SECRETS_MASTER_KEYS';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export class SecretsConfigError extends Error {
  constructor(message: string) {
    super(`${MASTER_KEYS_VAR}: ${message}`);
    this.name = 'SecretsConfigError';
  }
}

/** A ciphertext that does not authenticate (tampered, wrong owner, wrong key). */
export class SecretsDecryptError extends Error {
  constructor(message = 'the encrypted secret cannot be decrypted (wrong key, owner or tampered data)') {
    super(message);
    this.name = 'SecretsDecryptError';
  }
}

export interface Keyring {
  /** Id of the key new DEKs are wrapped with. */
  readonly currentId: string;
  readonly ids: readonly string[];
  key(id: string): Buffer;
}

export interface Envelope {
  keyId: string;
  /** iv ‖ tag ‖ encrypted DEK */
  wrappedDek: Buffer;
  iv: Buffer;
  tag: Buffer;
  ciphertext: Buffer;
}

/** Parses "id:base64,id:base64"; every problem is described without echoing the value. */
export function parseKeyring(value: string | undefined): Keyring {
  if (!value || !value.trim()) throw new SecretsConfigError('not set; expected "<id>:<base64 of 32 random bytes>[,<older id>:<base64>…]" (e.g. `openssl rand -base64 32`)');
  const keys = new Map<string, Buffer>();
  const entries = value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  entries.forEach((entry, i) => {
    const m = /^([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9+/=_-]+)$/.exec(entry);
    if (!m) throw new SecretsConfigError(`entry ${i + 1} is not "<id>:<base64>" (id: letters, digits, . _ -)`);
    const key = Buffer.from(m[2]!, 'base64');
    if (key.length !== KEY_BYTES) throw new SecretsConfigError(`key "${m[1]}" must be ${KEY_BYTES} bytes after base64 decoding (got ${key.length})`);
    if (keys.has(m[1]!)) throw new SecretsConfigError(`key id "${m[1]}" appears twice`);
    keys.set(m[1]!, key);
  });
  const ids = [...keys.keys()];
  return {
    currentId: ids[0]!,
    ids,
    key(id: string) {
      const k = keys.get(id);
      // The record names a key this deployment no longer has: a configuration problem, not tampering.
      if (!k) throw new SecretsConfigError(`no key with id "${id}" (it wrapped a stored secret; keep it until secrets:rotate has run)`);
      return k;
    },
  };
}

let cached: { raw: string | undefined; ring: Keyring } | undefined;

/** The keyring from an environment (re-parsed only when the variable changes, e.g. in tests). */
export function keyringFromEnv(env: Record<string, string | undefined>): Keyring {
  const raw = env[MASTER_KEYS_VAR];
  if (cached && cached.raw === raw) return cached.ring;
  const ring = parseKeyring(raw);
  cached = { raw, ring };
  return ring;
}

/** This deployment's keyring (SECRETS_MASTER_KEYS through lib/config.ts). */
export function configuredKeyring(): Keyring {
  return keyringFromEnv({ [MASTER_KEYS_VAR]: secretsMasterKeys() });
}

/** A fresh master-key entry for dev runners and tests: "<id>:<base64>". */
export function generateMasterKeyEntry(id = 'k1'): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function gcmEncrypt(key: Buffer, plaintext: Buffer, aad: Buffer) {
  const iv = randomBytes(IV_BYTES);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(aad);
  const ciphertext = Buffer.concat([c.update(plaintext), c.final()]);
  return { iv, tag: c.getAuthTag(), ciphertext };
}

function gcmDecrypt(key: Buffer, iv: Buffer, tag: Buffer, ciphertext: Buffer, aad: Buffer): Buffer {
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) throw new SecretsDecryptError();
  try {
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAAD(aad);
    d.setAuthTag(tag);
    return Buffer.concat([d.update(ciphertext), d.final()]);
  } catch {
    throw new SecretsDecryptError();
  }
}

// The DEK wrap is bound to the key id and the owner too, so a wrapped DEK cannot be moved either.
const dekAad = (keyId: string, aad: string) => Buffer.from(`dek|${keyId}|${aad}`, 'utf8');
const dataAad = (aad: string) => Buffer.from(`data|${aad}`, 'utf8');

function wrapDek(ring: Keyring, dek: Buffer, aad: string): { keyId: string; wrappedDek: Buffer } {
  const keyId = ring.currentId;
  const w = gcmEncrypt(ring.key(keyId), dek, dekAad(keyId, aad));
  return { keyId, wrappedDek: Buffer.concat([w.iv, w.tag, w.ciphertext]) };
}

function unwrapDek(ring: Keyring, keyId: string, wrappedDek: Buffer, aad: string): Buffer {
  if (wrappedDek.length !== IV_BYTES + TAG_BYTES + KEY_BYTES) throw new SecretsDecryptError();
  const iv = wrappedDek.subarray(0, IV_BYTES);
  const tag = wrappedDek.subarray(IV_BYTES, IV_BYTES + TAG_BYTES);
  return gcmDecrypt(ring.key(keyId), iv, tag, wrappedDek.subarray(IV_BYTES + TAG_BYTES), dekAad(keyId, aad));
}

/** Encrypts `plaintext` for the owner named by `aad` under a new DEK wrapped with the current master key. */
export function seal(plaintext: Uint8Array, aad: string, ring: Keyring = configuredKeyring()): Envelope {
  const dek = randomBytes(KEY_BYTES);
  try {
    const data = gcmEncrypt(dek, Buffer.from(plaintext), dataAad(aad));
    return { ...wrapDek(ring, dek, aad), iv: data.iv, tag: data.tag, ciphertext: data.ciphertext };
  } finally {
    dek.fill(0);
  }
}

/** Decrypts; the caller keeps the plaintext in memory only and should zero it when done. */
export function open(envelope: Envelope, aad: string, ring: Keyring = configuredKeyring()): Buffer {
  const dek = unwrapDek(ring, envelope.keyId, envelope.wrappedDek, aad);
  try {
    return gcmDecrypt(dek, envelope.iv, envelope.tag, envelope.ciphertext, dataAad(aad));
  } finally {
    dek.fill(0);
  }
}

/** Re-wraps the DEK under the current master key (rotation); the encrypted data itself is unchanged. */
export function rewrap(envelope: Envelope, aad: string, ring: Keyring = configuredKeyring()): Envelope {
  if (envelope.keyId === ring.currentId) return envelope;
  const dek = unwrapDek(ring, envelope.keyId, envelope.wrappedDek, aad);
  try {
    return { ...envelope, ...wrapDek(ring, dek, aad) };
  } finally {
    dek.fill(0);
  }
}
