/**
 * KSeF answers are parsed on arrival (lib/ksef/responses.ts): a malformed one is a KsefProtocolError
 * naming the endpoint and the zod issue, never a TypeError later; the schemas accept the official
 * contract's own examples; paths and methods are typed from the generated contract.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HttpClient, resolveEnvironment } from '@/lib/ksef/client';
import { KsefProtocolError } from '@/lib/ksef/errors';
import type { KsefContext } from '@/lib/ksef/ksef-client';
import { RateLimiter } from '@/lib/ksef/rate-limit';
import { RESPONSE_SCHEMAS, parseResponse, upoSchema } from '@/lib/ksef/responses';

function answering(...replies: (() => Response)[]) {
  const calls: string[] = [];
  const http = new HttpClient({
    environment: resolveEnvironment({ baseUrl: 'http://ksef.invalid/v2' }),
    rateLimiter: new RateLimiter({ marginMs: 0 }),
    fetch: async (url, init) => {
      calls.push(`${init.method} ${url}`);
      const next = replies.shift();
      if (!next) throw new Error('no more replies');
      return next();
    },
    sleep: async () => {},
  });
  return { http, calls };
}
const json =
  (body: unknown, status = 200) =>
  () =>
    new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const xml = (text: string) => () => new Response(text, { status: 200, headers: { 'Content-Type': 'application/xml' } });

async function protocolError(p: Promise<unknown>): Promise<KsefProtocolError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(KsefProtocolError);
  return e as KsefProtocolError;
}

describe('KSeF answers are parsed, not asserted', () => {
  it('a session status with a wrong type is a KsefProtocolError naming the endpoint and the field, and is not repeated', async () => {
    const { http, calls } = answering(json({ status: { code: '200', description: 'ok' }, dateCreated: 'x', dateUpdated: 'x' }));
    const e = await protocolError(http.request({ method: 'GET', path: '/sessions/{referenceNumber}', params: { referenceNumber: 'S1' } }));
    expect(e.code).toBe('KSEF_PROTOCOL');
    expect(e.message).toContain('GET /sessions/{referenceNumber}');
    expect(e.message).toMatch(/status\.code: .*expected number/i);
    expect(e.details.some((d) => d.startsWith('status.code:'))).toBe(true);
    expect(e.httpStatus).toBe(200);
    expect(e.retryable).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it('a missing field we rely on (challenge, token, invoice list) is refused on arrival', async () => {
    const challenge = answering(json({ timestamp: '2026-01-01T00:00:00Z', timestampMs: 1 }));
    expect((await protocolError(challenge.http.request({ method: 'POST', path: '/auth/challenge' }))).message).toMatch(/POST \/auth\/challenge.*challenge:/);

    const redeem = answering(json({ accessToken: { token: 'a', validUntil: 'tomorrow' }, refreshToken: { token: 'r', validUntil: '2026-01-01T00:00:00Z' } }));
    const e = await protocolError(redeem.http.request({ method: 'POST', path: '/auth/token/redeem', retry: 'not-processed-only' }));
    expect(e.message).toContain('accessToken.validUntil: not a date');

    const list = answering(json({ continuationToken: null }));
    expect((await protocolError(list.http.request({ method: 'GET', path: '/sessions/{referenceNumber}/invoices', params: { referenceNumber: 'S' } }))).message).toContain('invoices:');
  });

  it('an answer that is not JSON where the contract promises an object names the body', async () => {
    const { http } = answering(json([1, 2]));
    const e = await protocolError(http.request({ method: 'POST', path: '/invoices/exports', json: {} }));
    expect(e.message).toContain('POST /invoices/exports');
    expect(e.message).toContain('(body):');
  });

  it('fields nobody checks pass through untouched', async () => {
    const body = { referenceNumber: 'R1', validUntil: '2026-01-01T00:00:00Z', somethingNew: { a: 1 } };
    const { http } = answering(json(body, 201));
    const r = await http.request({ method: 'POST', path: '/sessions/online', json: {}, retry: 'idempotent' });
    expect(r.body).toEqual(body);
    expect(r.body.somethingNew).toEqual({ a: 1 }); // typed unknown: readable, not usable without a check
  });

  it('a UPO must be a UPO document: an HTML error page with status 200 is refused, a real one passes', async () => {
    const upoPath = '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo' as const;
    const params = { referenceNumber: 'S', ksefNumber: 'K' };
    const bad = answering(xml('<html><body>Service Unavailable</body></html>'));
    const e = await protocolError(bad.http.request({ method: 'GET', path: upoPath, params, response: 'bytes' }));
    expect(e.message).toContain(`GET ${upoPath}`);
    expect(e.message).toContain('not a UPO document');

    const upo = '<?xml version="1.0" encoding="utf-8"?>\n<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3"><NumerKSeFDokumentu>K</NumerKSeFDokumentu></Potwierdzenie>';
    const good = answering(xml(upo));
    const r = await good.http.request({ method: 'GET', path: upoPath, params, response: 'bytes' });
    expect(r.body.toString('utf8')).toBe(upo);
    expect(() => parseResponse(upoSchema, Buffer.from('\uFEFF<ns2:Potwierdzenie xmlns:ns2="u"/>'), 'x')).not.toThrow();
  });

  it('an endpoint without a schema is passed through as the contract types it', async () => {
    const { http } = answering(json({ referenceNumber: 'T1', token: 'tok' }, 202));
    const r = await http.request({ method: 'POST', path: '/tokens', json: {} });
    expect(r.body.token).toBe('tok');
  });

  it("every schema accepts the official contract's own example answers", () => {
    const spec = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../emulator/schemas/open-api.json'), 'utf8')) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { example?: unknown; examples?: Record<string, { value: unknown }> }> }> }>>;
    };
    let checked = 0;
    for (const [endpoint, schema] of Object.entries(RESPONSE_SCHEMAS)) {
      const [method, p] = endpoint.split(' ') as [string, string];
      const op = spec.paths[p]?.[method.toLowerCase()];
      expect(op, endpoint).toBeDefined();
      for (const [status, res] of Object.entries(op!.responses)) {
        const content = res.content?.['application/json'];
        if (!/^2/.test(status) || !content) continue;
        const examples = content.examples ? Object.values(content.examples).map((x) => x.value) : content.example !== undefined ? [content.example] : [];
        for (const example of examples) {
          const r = schema.safeParse(example);
          expect(r.success, `${endpoint}: ${r.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(22);
  });
});

// Compile-time: tsc (npm test type-checks tests/) fails if the request typing loosens.
export async function typedRequests(ctx: KsefContext) {
  // @ts-expect-error not a path of the contract
  await ctx.request({ method: 'GET', path: '/sessions/{ref}' });
  // @ts-expect-error the contract defines no DELETE there
  await ctx.request({ method: 'DELETE', path: '/sessions/{referenceNumber}', params: { referenceNumber: 'x' } });
  // @ts-expect-error path parameters are required
  await ctx.request({ method: 'GET', path: '/sessions/{referenceNumber}' });
  // @ts-expect-error named as the template names them
  await ctx.request({ method: 'GET', path: '/sessions/{referenceNumber}', params: { ref: 'x' } });
  const s = await ctx.request({ method: 'GET', path: '/sessions/{referenceNumber}', params: { referenceNumber: 'x' } });
  // @ts-expect-error the parsed status code is a number
  const code: string = s.body.status.code;
  const closed = await ctx.request({ method: 'POST', path: '/sessions/online/{referenceNumber}/close', params: { referenceNumber: 'x' }, response: 'none' });
  const nothing: undefined = closed.body;
  return [code, nothing];
}
