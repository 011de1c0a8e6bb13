import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, exceptionCode } from '@/tests/support/emulator-contract';
import { admin, authenticate, poll, randomNip, type Tokens } from '@/tests/support/emulator-flows';
import { makeSealCert, oaepEncrypt } from '@/tests/support/emulator-sign';

const openApi = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../emulator/schemas/open-api.json'), 'utf8'));

let emu: RunningEmulator;
let api: ContractClient;
const nip = randomNip();
let owner: Tokens;
let tokenCert: { certificate: string; publicKeyId: string };

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'production' });
  api = new ContractClient(emu.baseUrl);
  owner = await authenticate(api, await makeSealCert(nip), nip);
  const keys = await api.call('GET', '/security/public-key-certificates');
  tokenCert = keys.json.find((k: { usage: string[] }) => k.usage.includes('KsefTokenEncryption'));
});
afterAll(async () => emu?.close());

async function ksefTokenAuth(token: string, contextNip: string, tsOffset = 0, encrypted?: (timestampMs: number) => string) {
  const ch = await api.call('POST', '/auth/challenge');
  const encryptedToken = encrypted?.(ch.json.timestampMs) ?? oaepEncrypt(tokenCert.certificate, Buffer.from(`${token}|${ch.json.timestampMs + tsOffset}`)).toString('base64');
  const init = await api.call('POST', '/auth/ksef-token', {
    body: { challenge: ch.json.challenge, contextIdentifier: { type: 'Nip', value: contextNip }, encryptedToken, publicKeyId: tokenCert.publicKeyId },
  });
  expect(init.status, init.text).toBe(202);
  const op = init.json.authenticationToken.token;
  const st = await poll(
    () => api.call('GET', `/auth/${init.json.referenceNumber}`, { token: op }),
    (r) => r.json.status.code !== 100,
  );
  return { status: st.json.status, op };
}

describe('KSeF tokens', () => {
  it('generates, authenticates with RSA-OAEP(token|timestampMs), lists, revokes', async () => {
    const gen = await api.call('POST', '/tokens', { token: owner.accessToken, body: { permissions: ['InvoiceRead', 'InvoiceWrite'], description: 'Token integracyjny' } });
    expect(gen.status).toBe(202);
    const ok = await ksefTokenAuth(gen.json.token, nip);
    expect(ok.status.code).toBe(200);
    const red = await api.call('POST', '/auth/token/redeem', { token: ok.op });
    expect(red.status).toBe(200);
    expect((await ksefTokenAuth(gen.json.token, nip, 1)).status.details).toEqual(['Nieprawidłowy czas tokena']);
    // The 450 details documented since API 2.6.1.
    const elsewhere = randomNip();
    expect((await ksefTokenAuth(gen.json.token, elsewhere)).status).toMatchObject({ code: 450, details: [`Token nie może być użyty w kontekście ${elsewhere}`] });
    expect((await ksefTokenAuth(gen.json.token, nip, 0, () => Buffer.alloc(256, 7).toString('base64'))).status.details).toEqual(['Nieprawidłowe szyfrowanie tokena']);
    expect((await ksefTokenAuth(gen.json.token, nip, 0, () => oaepEncrypt(tokenCert.certificate, Buffer.from(gen.json.token)).toString('base64'))).status.details).toEqual([
      'Nieprawidłowe kodowanie tokena',
    ]);
    expect((await ksefTokenAuth(gen.json.token, nip, 0, (ts) => oaepEncrypt(tokenCert.certificate, Buffer.from(`nieznany-token|${ts}`)).toString('base64'))).status.details).toEqual([
      'Nieprawidłowy token',
    ]);
    const list = await api.call('GET', '/tokens', { token: owner.accessToken });
    expect(list.json.tokens.map((x: { referenceNumber: string }) => x.referenceNumber)).toContain(gen.json.referenceNumber);
    expect((await api.call('DELETE', `/tokens/${gen.json.referenceNumber}`, { token: owner.accessToken })).status).toBe(204);
    expect((await ksefTokenAuth(gen.json.token, nip)).status.details).toEqual(['Token unieważniony']);
    expect(exceptionCode(await api.call('POST', '/auth/token/refresh', { token: red.json.refreshToken.token }))).toBe(21301);
  });

  it('refuses permissions the caller does not hold (26001)', async () => {
    const p = randomNip();
    const c = randomNip();
    await admin(emu.adminUrl, 'POST', '/grants', { contextNip: c, subjectNip: p, permissions: ['InvoiceWrite'] });
    const t = await authenticate(api, await makeSealCert(p), c);
    expect(exceptionCode(await api.call('POST', '/tokens', { token: t.accessToken, body: { permissions: ['CredentialsManage'], description: 'Za dużo uprawnień' } }))).toBe(26001);
  });
});

describe('rate limits (production profile)', () => {
  it('GET /rate-limits reports every group of open-api.json 2.8.1 with its official values (close, collective identifier, anonymous, global)', async () => {
    const lim = await api.call('GET', '/rate-limits', { token: owner.accessToken });
    expect(lim.status).toBe(200);
    const example = openApi.paths['/rate-limits'].get.responses['200'].content['application/json'].example as Record<string, unknown>;
    expect(Object.keys(example)).toHaveLength(17);
    expect(lim.json).toEqual(example);
  });

  it('answers 429 with Retry-After and the official body once the per-second limit of a group is used up', async () => {
    const lim = await api.call('GET', '/rate-limits', { token: owner.accessToken });
    expect(lim.json.sessionList).toEqual({ perSecond: 5, perMinute: 10, perHour: 60 });
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await api.call('GET', '/sessions', { token: owner.accessToken, query: { sessionType: 'Online' } })).status);
    expect(codes.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
    expect(codes[5]).toBe(429);
    const r = await api.call('GET', '/sessions', { token: owner.accessToken, query: { sessionType: 'Online' } });
    expect(r.json.status.code).toBe(429);
    expect(r.json.status.details[0]).toMatch(/Przekroczono limit 5 żądań na sekundę/);
    const pd = await api.call('GET', '/sessions', { token: owner.accessToken, query: { sessionType: 'Online' }, headers: { 'X-Error-Format': 'problem-details' } });
    expect(pd.json.title).toBe('Too Many Requests');
    // Another context from the same IP has its own budget.
    const other = randomNip();
    const ot = await authenticate(api, await makeSealCert(other), other);
    expect((await api.call('GET', '/sessions', { token: ot.accessToken, query: { sessionType: 'Online' } })).status).toBe(200);
  });

  it('the limits can be replaced per context via /testdata/rate-limits; groups the override has no field for keep their values', async () => {
    const c = randomNip();
    const t = await authenticate(api, await makeSealCert(c), c);
    const lim = (await api.call('GET', '/rate-limits', { token: t.accessToken })).json as Record<string, unknown>;
    // ApiRateLimitsOverride: the 13 groups without the close groups, anonymous and global.
    const { onlineSessionClose, batchSessionClose, anonymous, global, ...overridable } = lim;
    const rl = { ...overridable, other: { perSecond: 1, perMinute: 100, perHour: 1000 }, onlineSession: { perSecond: 1, perMinute: 2, perHour: 3 } };
    expect((await api.call('POST', '/testdata/rate-limits', { token: t.accessToken, body: { rateLimits: rl } })).status).toBe(200);
    expect((await api.call('GET', '/limits/context', { token: t.accessToken })).status).toBe(200);
    expect((await api.call('GET', '/limits/context', { token: t.accessToken })).status).toBe(429);
    await new Promise((r) => setTimeout(r, 1100)); // GET /rate-limits is in `other` too (its own endpoint counter)
    const now = (await api.call('GET', '/rate-limits', { token: t.accessToken })).json;
    expect(now.onlineSession).toEqual({ perSecond: 1, perMinute: 2, perHour: 3 });
    expect({ onlineSessionClose: now.onlineSessionClose, batchSessionClose: now.batchSessionClose, anonymous: now.anonymous, global: now.global }).toEqual({
      onlineSessionClose,
      batchSessionClose,
      anonymous,
      global,
    });
    expect((await api.call('POST', '/testdata/rate-limits/production', { token: t.accessToken })).status).toBe(200);
    expect((await api.call('DELETE', '/testdata/rate-limits', { token: t.accessToken })).status).toBe(200);
  });
});

describe('fault injection', () => {
  it('fails the next N calls of an operation with 500/503, then recovers', async () => {
    const f = await admin(emu.adminUrl, 'POST', '/faults', { operation: 'POST /auth/challenge', mode: 'http503', count: 2 });
    expect(f.status).toBe(201);
    expect((await api.call('POST', '/auth/challenge', { unchecked: true })).status).toBe(503);
    expect((await api.call('POST', '/auth/challenge', { unchecked: true })).status).toBe(503);
    expect((await api.call('POST', '/auth/challenge')).status).toBe(200);
    await admin(emu.adminUrl, 'POST', '/faults', { operation: 'auth.challenge', mode: 'http500' });
    expect((await api.call('POST', '/auth/challenge', { unchecked: true })).status).toBe(500);
  });

  it('session-unavailable answers KSeF 21184 with its official details (API 2.8.0)', async () => {
    const ref = '20260923-SO-0123456789-0123456789-AB';
    await admin(emu.adminUrl, 'POST', '/faults', { operation: 'POST /sessions/online/{referenceNumber}/invoices', mode: 'session-unavailable' });
    const r = await api.call('POST', `/sessions/online/${ref}/invoices`, { token: owner.accessToken, body: {} });
    expect(r.status).toBe(400);
    expect(r.json.exception.exceptionDetailList[0]).toMatchObject({
      exceptionCode: 21184,
      exceptionDescription: 'Sesja tymczasowo niedostępna.',
      details: [`Trwają prace serwisowe i sesja ${ref} jest tymczasowo niedostępna. Spróbuj ponownie później lub otwórz nową sesję, aby wysłać kolejne faktury.`],
    });
  });

  it('drops the connection, times out, and adds latency', async () => {
    await admin(emu.adminUrl, 'POST', '/faults', { operation: '/security/*', mode: 'drop' });
    await expect(fetch(`${emu.baseUrl}/security/public-key-certificates`)).rejects.toThrow();
    await admin(emu.adminUrl, 'POST', '/faults', { operation: 'security.publicKeyCertificates', mode: 'timeout' });
    await expect(fetch(`${emu.baseUrl}/security/public-key-certificates`, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    await admin(emu.adminUrl, 'POST', '/latency', { operation: 'GET /security/public-key-certificates', ms: 250 });
    const t0 = Date.now();
    expect((await api.call('GET', '/security/public-key-certificates')).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    await admin(emu.adminUrl, 'POST', '/latency', { operation: 'GET /security/public-key-certificates', ms: 0 });
  });

  it("'after' mode runs the operation but loses the response (idempotency drills)", async () => {
    await admin(emu.adminUrl, 'POST', '/faults', { operation: 'POST /tokens', mode: 'drop', when: 'after' });
    await expect(
      fetch(`${emu.baseUrl}/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ permissions: ['InvoiceRead'], description: 'Zgubiona odpowiedź' }),
      }),
    ).rejects.toThrow();
    const list = await api.call('GET', '/tokens', { token: owner.accessToken, query: { description: 'Zgubiona' } });
    expect(list.json.tokens).toHaveLength(1);
  });

  it('admin state and reset', async () => {
    const s = await admin(emu.adminUrl, 'GET', '/state');
    expect(s.json.contexts).toContain(nip);
    expect(s.json.rateLimits).toBe('production');
  });
});
