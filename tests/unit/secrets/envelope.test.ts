import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateMasterKeyEntry, keyringFromEnv, open, parseKeyring, rewrap, seal, SecretsConfigError, SecretsDecryptError } from '@/lib/secrets/envelope';

const secret = Buffer.from('-----PKCS8 private key bytes-----');

describe('envelope encryption (AES-256-GCM, DEK wrapped under a master key)', () => {
  it('round-trips, and neither the ciphertext nor the wrapped DEK contains the plaintext', () => {
    const ring = parseKeyring(generateMasterKeyEntry('k1'));
    const env = seal(secret, 'tenant-a', ring);
    expect(env.keyId).toBe('k1');
    expect(env.iv).toHaveLength(12);
    expect(env.tag).toHaveLength(16);
    expect(env.wrappedDek).toHaveLength(12 + 16 + 32);
    expect(env.ciphertext.includes(secret)).toBe(false);
    expect(open(env, 'tenant-a', ring)).toEqual(secret);
  });

  it('uses a fresh DEK and IV per record (same plaintext → different ciphertexts)', () => {
    const ring = parseKeyring(generateMasterKeyEntry());
    const a = seal(secret, 't', ring);
    const b = seal(secret, 't', ring);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(a.wrappedDek.equals(b.wrappedDek)).toBe(false);
  });

  it('a record copied to another owner (AAD) does not decrypt', () => {
    const ring = parseKeyring(generateMasterKeyEntry());
    const env = seal(secret, 'tenant-a', ring);
    expect(() => open(env, 'tenant-b', ring)).toThrow(SecretsDecryptError);
  });

  it('tampering with ciphertext, tag or wrapped DEK is detected', () => {
    const ring = parseKeyring(generateMasterKeyEntry());
    const env = seal(secret, 't', ring);
    const flip = (b: Buffer, i = 0) => {
      const c = Buffer.from(b);
      c[i] = c[i]! ^ 1;
      return c;
    };
    expect(() => open({ ...env, ciphertext: flip(env.ciphertext) }, 't', ring)).toThrow(SecretsDecryptError);
    expect(() => open({ ...env, tag: flip(env.tag) }, 't', ring)).toThrow(SecretsDecryptError);
    expect(() => open({ ...env, wrappedDek: flip(env.wrappedDek, 40) }, 't', ring)).toThrow(SecretsDecryptError);
    // A wrapped DEK relabelled with another key id does not unwrap either.
    const two = parseKeyring(`${generateMasterKeyEntry('k2')},${generateMasterKeyEntry('k1')}`);
    const e2 = seal(secret, 't', two);
    expect(() => open({ ...e2, keyId: 'k1' }, 't', two)).toThrow(SecretsDecryptError);
  });

  it('rotation: old key ids still decrypt; rewrap moves the DEK to the current key without touching the data', () => {
    const k1 = generateMasterKeyEntry('k1');
    const old = parseKeyring(k1);
    const env = seal(secret, 't', old);
    const rotated = parseKeyring(`${generateMasterKeyEntry('k2')},${k1}`);
    expect(rotated.currentId).toBe('k2');
    expect(open(env, 't', rotated)).toEqual(secret);
    const moved = rewrap(env, 't', rotated);
    expect(moved.keyId).toBe('k2');
    expect(moved.ciphertext.equals(env.ciphertext)).toBe(true);
    expect(moved.wrappedDek.equals(env.wrappedDek)).toBe(false);
    // After rotation k1 can be dropped from the environment.
    const onlyK2 = parseKeyring(rotated.ids[0] === 'k2' ? `k2:${rotated.key('k2').toString('base64')}` : '');
    expect(open(moved, 't', onlyK2)).toEqual(secret);
    expect(() => open(env, 't', onlyK2)).toThrow(/no key with id "k1"/);
  });

  it('configuration errors name the variable and the problem, never the value', () => {
    const leaked = randomBytes(16).toString('base64');
    const cases = [undefined, '', `k1:${leaked}`, `k1=${leaked}`, `${generateMasterKeyEntry('k1')},${generateMasterKeyEntry('k1')}`];
    for (const value of cases) {
      let err: unknown;
      try {
        parseKeyring(value);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SecretsConfigError);
      expect((err as Error).message).toMatch(/^SECRETS_MASTER_KEYS: /);
      expect((err as Error).message).not.toContain(leaked);
    }
    expect(() => parseKeyring(`k1:${leaked}`)).toThrow(/must be 32 bytes/);
    expect(() => keyringFromEnv({})).toThrow(/SECRETS_MASTER_KEYS: not set/);
  });
});
