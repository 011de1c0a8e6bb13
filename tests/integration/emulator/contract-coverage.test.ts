/** Prints the operations the emulator implements against the spec's list; every 501 is explicit. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRODUCTION_LIMITS, PUBLIC_LIMIT } from '@/emulator/rate-limit';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, specOperations } from '@/tests/support/emulator-contract';
import { admin, authenticate, randomNip } from '@/tests/support/emulator-flows';
import { makeSealCert } from '@/tests/support/emulator-sign';

type SpecOp = { responses: Record<string, { description?: string }>; 'x-rate-limits'?: { perSecond?: number; perMinute?: number; perHour?: number } };
const openApi = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, '../../../emulator/schemas/open-api.json'), 'utf8')) as { paths: Record<string, Record<string, SpecOp>> };

/** The group and limits an operation's 429 table names (`| **Limity liczby żądań** | 10 | 30 | 120 | other`); none = anonymous. */
function specRateLimit(operation: string): { group: string; limits: { perSecond: number; perMinute: number; perHour: number } } {
  const [method, template] = operation.split(' ') as [string, string];
  const op = openApi.paths[template]![method.toLowerCase()]!;
  const m = /\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\w+)/.exec(op.responses['429']?.description ?? '');
  if (m) return { group: m[4]!, limits: { perSecond: Number(m[1]), perMinute: Number(m[2]), perHour: Number(m[3]) } };
  return { group: 'public', limits: { perSecond: op['x-rate-limits']?.perSecond ?? NaN, perMinute: Infinity, perHour: Infinity } };
}

/**
 * The operations of open-api.json 2.8.1 the emulator does not implement. Changing this list means
 * changing docs/emulator.md („Implemented vs 501”) too. The /certificates ones are next in line.
 */
const NOT_IMPLEMENTED = [
  'GET /certificates/enrollments/data',
  'GET /certificates/enrollments/{referenceNumber}',
  'GET /certificates/limits',
  'GET /peppol/query',
  'POST /certificates/enrollments',
  'POST /certificates/query',
  'POST /certificates/retrieve',
  'POST /certificates/{certificateSerialNumber}/revoke',
  'POST /permissions/eu-entities/administration/grants',
  'POST /permissions/eu-entities/grants',
  'POST /permissions/indirect/grants',
  'POST /permissions/query/eu-entities/grants',
  'POST /permissions/query/subordinate-entities/roles',
  'POST /permissions/query/subunits/grants',
  'POST /permissions/subunits/grants',
  'PUT /testdata/certificates/{serialNumber}',
];
const SAMPLE_PARAMS: Record<string, string> = {
  '{referenceNumber}': '20260923-CE-0123456789-0123456789-AB',
  '{certificateSerialNumber}': '0123456789ABCDEF',
  '{serialNumber}': '0123456789ABCDEF',
};

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'off' });
});
afterAll(async () => emu?.close());

describe('operations vs open-api.json', () => {
  it('covers every spec operation with a handler or an explicit 501', async () => {
    const ops = (await admin(emu.adminUrl, 'GET', '/operations')).json as { spec: number; implemented: number; notImplemented: string[]; routes: { operation: string }[] };
    expect(ops.spec).toBe(specOperations.length);
    const implemented = ops.routes.map((r) => r.operation);
    expect(new Set([...implemented, ...ops.notImplemented])).toEqual(new Set(specOperations));
    console.log(`KSeF emulator: ${ops.implemented}/${ops.spec} operations implemented; ${ops.notImplemented.length} answer 501:\n  ${ops.notImplemented.join('\n  ')}`);
    // The product's flows must never be 501.
    for (const must of [
      'POST /auth/xades-signature',
      'POST /sessions/online/{referenceNumber}/invoices',
      'POST /sessions/batch',
      'POST /invoices/query/metadata',
      'POST /permissions/entities/grants',
      'POST /permissions/query/personal/grants',
      'POST /auth/ksef-token',
      'POST /invoices/exports',
    ])
      expect(implemented).toContain(must);
  });

  it('counts every implemented operation in the rate-limit group open-api.json names for it, with its official limits', async () => {
    const ops = (await admin(emu.adminUrl, 'GET', '/operations')).json as { routes: { operation: string; group: string }[] };
    const wrong = ops.routes
      .map((r) => ({ ...r, spec: specRateLimit(r.operation) }))
      .filter((r) => r.group !== r.spec.group || JSON.stringify(r.group === 'public' ? PUBLIC_LIMIT : PRODUCTION_LIMITS[r.group]) !== JSON.stringify(r.spec.limits))
      .map((r) => `${r.operation}: ${r.group} ≠ ${r.spec.group} ${JSON.stringify(r.spec.limits)}`);
    expect(wrong).toEqual([]);
  });

  it('answers 501 for exactly these operations, whatever the request (docs/emulator.md, „Implemented vs 501”, says why each is left)', async () => {
    const ops = (await admin(emu.adminUrl, 'GET', '/operations')).json as { notImplemented: string[] };
    expect(ops.notImplemented).toEqual(NOT_IMPLEMENTED);
    const api = new ContractClient(emu.baseUrl);
    const nip = randomNip();
    const owner = await authenticate(api, await makeSealCert(nip), nip);
    for (const op of NOT_IMPLEMENTED) {
      const [method, template] = op.split(' ') as [string, string];
      const r = await api.call(
        method,
        template.replace(/\{[^}]+\}/g, (p) => SAMPLE_PARAMS[p] ?? 'X'),
        { token: owner.accessToken, body: method === 'GET' ? undefined : {} },
      );
      expect(r.status, op).toBe(501);
      expect(r.json.detail, op).toMatch(/is not implemented by the emulator/);
    }
    const r = await api.call('GET', '/certificates/limits');
    expect(r.json.detail).toMatch(/GET \/certificates\/limits is not implemented/);
  });
});
