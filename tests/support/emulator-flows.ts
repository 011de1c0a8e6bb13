/**
 * Test flows against the emulator over HTTP (independent of lib/ksef): authenticate with a seal,
 * random valid NIPs, polling.
 */
import { expect } from 'vitest';
import type { ContractClient } from './emulator-contract';
import { signAuthRequest, type AuthRequestOpts, type TestCert } from './emulator-sign';

/** Random NIP with a valid checksum. */
export function randomNip(): string {
  const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  for (;;) {
    const d = [1 + Math.floor(Math.random() * 9), ...Array.from({ length: 8 }, () => Math.floor(Math.random() * 10))];
    if (d[1] === 0 && d[2] === 0) continue;
    const c = d.reduce((s, x, i) => s + x * w[i]!, 0) % 11;
    if (c === 10) continue;
    return [...d, c].join('');
  }
}

export async function poll<T>(fn: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (done(v)) return v;
    if (Date.now() - t0 > timeoutMs) return v;
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface Tokens {
  accessToken: string;
  refreshToken: string;
  referenceNumber: string;
}

export async function startXades(api: ContractClient, cert: TestCert, o: Omit<AuthRequestOpts, 'challenge'>) {
  const ch = await api.call('POST', '/auth/challenge');
  expect(ch.status).toBe(200);
  const xml = signAuthRequest({ ...o, challenge: ch.json.challenge }, cert);
  return api.call('POST', '/auth/xades-signature', { raw: xml });
}

/** Full XAdES authentication; returns the final status response when not 200. */
export async function authenticate(api: ContractClient, cert: TestCert, contextNip: string, o: Partial<AuthRequestOpts> = {}): Promise<Tokens> {
  const init = await startXades(api, cert, { contextNip, ...o });
  expect(init.status, init.text).toBe(202);
  const opToken = init.json.authenticationToken.token as string;
  const st = await poll(
    () => api.call('GET', `/auth/${init.json.referenceNumber}`, { token: opToken }),
    (r) => r.json.status.code !== 100,
  );
  expect(st.json.status.code, JSON.stringify(st.json.status)).toBe(200);
  const red = await api.call('POST', '/auth/token/redeem', { token: opToken });
  expect(red.status, red.text).toBe(200);
  return { accessToken: red.json.accessToken.token, refreshToken: red.json.refreshToken.token, referenceNumber: init.json.referenceNumber };
}

export async function finalAuthStatus(api: ContractClient, cert: TestCert, contextNip: string, o: Partial<AuthRequestOpts> = {}) {
  const init = await startXades(api, cert, { contextNip, ...o });
  expect(init.status, init.text).toBe(202);
  const opToken = init.json.authenticationToken.token as string;
  const st = await poll(
    () => api.call('GET', `/auth/${init.json.referenceNumber}`, { token: opToken }),
    (r) => r.json.status.code !== 100,
  );
  return { status: st.json.status, opToken, referenceNumber: init.json.referenceNumber as string };
}

export async function admin(adminUrl: string, method: string, p: string, body?: unknown) {
  const res = await fetch(adminUrl + p, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

const TEMPLATE = (await import('node:fs')).readFileSync(new URL('../integration/emulator/fixtures/fa3-template.xml', import.meta.url), 'utf8');

/** FA(3) invoice from the official C# sample (tests/fixtures/samples/fa3), with our parties, number and date. */
export function fa3Invoice(o: { seller: string; buyer: string; number?: string; issueDate?: string }): Buffer {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw' }).format(new Date());
  return Buffer.from(
    TEMPLATE.replace('{{SELLER}}', o.seller)
      .replace('{{BUYER}}', o.buyer)
      .replace('{{P1}}', o.issueDate ?? today)
      .replace('{{P2}}', o.number ?? `FV/${Math.random().toString(36).slice(2, 10)}`),
    'utf8',
  );
}
