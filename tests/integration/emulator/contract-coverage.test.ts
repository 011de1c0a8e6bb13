/** Prints the operations the emulator implements against the spec's list; every 501 is explicit. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, specOperations } from '@/tests/support/emulator-contract';
import { admin } from '@/tests/support/emulator-flows';

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

  it('answers 501 with a clear message for unimplemented operations (no fake success)', async () => {
    const api = new ContractClient(emu.baseUrl);
    const r = await api.call('GET', '/certificates/limits');
    expect(r.status).toBe(501);
    expect(r.json.detail).toMatch(/GET \/certificates\/limits is not implemented/);
  });
});
