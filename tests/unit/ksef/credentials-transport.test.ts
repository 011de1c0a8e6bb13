import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inspect } from 'node:util';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { credentialFromEnv, credentialFromPem, credentialFromPkcs12 } from '@/lib/ksef/auth/credentials';
import { HttpClient, resolveEnvironment } from '@/lib/ksef/client';
import { KsefConfigError, KsefRateLimitError, KsefUnavailableError } from '@/lib/ksef/errors';
import { RateLimiter } from '@/lib/ksef/rate-limit';

const dir = mkdtempSync(path.join(tmpdir(), 'ksef-cred-'));
const SECRET = 'S3cr3t-p@ss-never-logged';

describe('provider credentials', () => {
  for (const keyType of ['RSA', 'EC'] as const) {
    it(`${keyType}: loads from PEM files and from PKCS#12 (openssl-made), reads the NIP, redacts itself`, async () => {
      const dev = await generateDevCertificate({ nip: '5265877635', keyType });
      const cert = path.join(dir, `${keyType}.crt`);
      const key = path.join(dir, `${keyType}.key`);
      const p12 = path.join(dir, `${keyType}.p12`);
      writeFileSync(cert, dev.certificatePem);
      writeFileSync(key, dev.privateKeyPem);
      execFileSync('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-out', p12, '-passout', `pass:${SECRET}`]);

      const fromFiles = credentialFromEnv({ KSEF_PROVIDER_CERT_FILE: cert, KSEF_PROVIDER_KEY_FILE: key });
      expect(fromFiles.subjectNip).toBe('5265877635');
      expect(fromFiles.keyType).toBe(keyType);
      const fromP12 = credentialFromPkcs12(readFileSync(p12), SECRET);
      expect(fromP12.fingerprint).toBe(fromFiles.fingerprint);

      const shown = `${inspect(fromP12)} ${JSON.stringify(fromP12)} ${String(fromP12)}`;
      const keyBody = dev.privateKeyPem.split('\n')[1]!;
      expect(shown).not.toContain(keyBody.slice(0, 20));
      expect(shown).toContain('REDACTED');
    });
  }

  it('a wrong PKCS#12 password fails without echoing the password or key material', async () => {
    const dev = await generateDevCertificate({ nip: '5265877635' });
    writeFileSync(path.join(dir, 'w.crt'), dev.certificatePem);
    writeFileSync(path.join(dir, 'w.key'), dev.privateKeyPem);
    execFileSync('openssl', ['pkcs12', '-export', '-in', path.join(dir, 'w.crt'), '-inkey', path.join(dir, 'w.key'), '-out', path.join(dir, 'w.p12'), '-passout', `pass:${SECRET}`]);
    const wrong = 'wrong-' + SECRET;
    let err: unknown;
    try {
      credentialFromEnv({ KSEF_PROVIDER_P12_FILE: path.join(dir, 'w.p12'), KSEF_PROVIDER_P12_PASSWORD: wrong });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KsefConfigError);
    const text = `${(err as Error).message} ${JSON.stringify(err)} ${inspect(err)}`;
    expect(text).not.toContain(SECRET);
  });

  it('a key that does not match the certificate is refused; PEM content never appears in errors', async () => {
    const a = await generateDevCertificate({ nip: '5265877635' });
    const b = await generateDevCertificate({ nip: '5265877635' });
    expect(() => credentialFromPem(a.certificatePem, b.privateKeyPem)).toThrow(/does not match/);
    let err: unknown;
    try {
      credentialFromEnv({ KSEF_PROVIDER_CERT_PEM: a.certificatePem, KSEF_PROVIDER_KEY_PEM: 'garbage' + b.privateKeyPem.slice(40, 90) });
    } catch (e) {
      err = e;
    }
    expect(inspect(err)).not.toContain(b.privateKeyPem.slice(40, 90));
    expect(() => credentialFromEnv({})).toThrow(/KSEF_PROVIDER_CERT_FILE/);
  });
});

describe('transport (swappable fetch): retries, Retry-After, what is never repeated', () => {
  const env = resolveEnvironment({ baseUrl: 'http://ksef.invalid/v2' });
  function scripted(replies: (() => Response)[]) {
    const calls: string[] = [];
    const sleeps: number[] = [];
    const http = new HttpClient({
      environment: env,
      rateLimiter: new RateLimiter({ marginMs: 0 }),
      fetch: async (url, init) => {
        calls.push(`${init.method} ${url}`);
        const next = replies.shift();
        if (!next) throw new Error('no more replies');
        return next();
      },
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
    return { http, calls, sleeps };
  }
  // Answers that match the contract: responses.ts checks them on arrival.
  const sent = () => new Response(JSON.stringify({ referenceNumber: '20260101-EE-1111111111-2222222222-33' }), { status: 202 });
  const sessionStatus = () =>
    new Response(JSON.stringify({ status: { code: 100, description: 'Sesja interaktywna otwarta' }, dateCreated: '2026-01-01T00:00:00Z', dateUpdated: '2026-01-01T00:00:00Z' }), { status: 200 });
  const tooMany = () => new Response(JSON.stringify({ status: { code: 429, description: 'Too Many Requests' } }), { status: 429, headers: { 'Retry-After': '2' } });
  const err503 = () => new Response('', { status: 503 });

  it('waits exactly Retry-After on 429 and repeats, even for a send', async () => {
    const { http, calls, sleeps } = scripted([tooMany, sent]);
    const r = await http.request({ method: 'POST', path: '/sessions/online/{referenceNumber}/invoices', params: { referenceNumber: 'X' }, json: {}, retry: 'not-processed-only' });
    expect(r.body.referenceNumber).toBe('20260101-EE-1111111111-2222222222-33');
    expect(calls).toHaveLength(2);
    expect(sleeps).toEqual([2000]);
  });

  it('retries a GET on 503 with backoff, but never repeats a send after 503 (ambiguous)', async () => {
    const g = scripted([err503, err503, sessionStatus]);
    await g.http.request({ method: 'GET', path: '/sessions/{referenceNumber}', params: { referenceNumber: 'X' } });
    expect(g.calls).toHaveLength(3);
    expect(g.sleeps.every((s) => s >= 50 && s <= 8000)).toBe(true);

    const s = scripted([err503, sent]);
    await expect(
      s.http.request({ method: 'POST', path: '/sessions/online/{referenceNumber}/invoices', params: { referenceNumber: 'X' }, json: {}, retry: 'not-processed-only' }),
    ).rejects.toBeInstanceOf(KsefUnavailableError);
    expect(s.calls).toHaveLength(1);
  });

  it('surfaces a 429 after the retry budget', async () => {
    const now = () => new Response('{}', { status: 429, headers: { 'Retry-After': '0' } });
    const { http, calls } = scripted([now, now, now, now, now, now]);
    await expect(http.request({ method: 'GET', path: '/sessions' })).rejects.toBeInstanceOf(KsefRateLimitError);
    expect(calls).toHaveLength(5); // first attempt + maxRetries (4)
  });

  it('presigned URLs go through the same retry loop: 5xx backs off when idempotent, 429 waits, a none-mode PUT is never repeated', async () => {
    const bytes = () => new Response('part', { status: 200 });
    const g = scripted([err503, () => new Response('', { status: 429 }), bytes]);
    const r = await g.http.raw('http://storage.invalid/p1', { method: 'GET' });
    expect(r.body.toString()).toBe('part');
    expect(g.calls).toHaveLength(3);
    expect(g.sleeps[0]).toBeGreaterThanOrEqual(50);
    expect(g.sleeps[1]).toBe(1000); // no Retry-After from storage: one second
    expect(g.http.stats.retries).toBe(2);

    const p = scripted([err503, bytes]);
    await expect(p.http.raw('http://storage.invalid/p1', { method: 'PUT', body: new Uint8Array([1]) })).rejects.toBeInstanceOf(KsefUnavailableError);
    expect(p.calls).toHaveLength(1);
  });

  it('never puts the bearer token into error messages', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.secret-token-body.sig';
    const { http } = scripted([() => new Response(JSON.stringify({ title: 'Unauthorized', status: 401, detail: 'Token expired' }), { status: 401 })]);
    const e = await http.request({ method: 'GET', path: '/sessions', bearer: token }).catch((x: unknown) => x);
    expect(`${(e as Error).message} ${JSON.stringify(e)} ${inspect(e)}`).not.toContain('secret-token-body');
  });
});
