import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmulator } from '@/emulator/server';
import { ContractClient } from '@/tests/support/emulator-contract';
import { admin, authenticate, poll, randomNip, startXades } from '@/tests/support/emulator-flows';
import { makeSealCert } from '@/tests/support/emulator-sign';

describe('state file and processing delay', () => {
  it('keeps keys, grants and tokens across a restart with the same state file', async () => {
    const stateFile = path.join(mkdtempSync(path.join(tmpdir(), 'emu-state-')), 'state.json');
    const provider = randomNip();
    const tenant = randomNip();
    const seal = await makeSealCert(provider);
    const first = await startEmulator({ port: 0, rateLimits: 'raised', stateFile });
    const api1 = new ContractClient(first.baseUrl);
    const keys1 = (await api1.call('GET', '/security/public-key-certificates')).json;
    await admin(first.adminUrl, 'POST', '/grants', { contextNip: tenant, subjectNip: provider });
    const t = await authenticate(api1, seal, tenant);
    await first.close();

    const second = await startEmulator({ port: 0, rateLimits: 'raised', stateFile });
    try {
      const api2 = new ContractClient(second.baseUrl);
      expect((await api2.call('GET', '/security/public-key-certificates')).json).toEqual(keys1);
      expect((await api2.call('POST', '/auth/token/refresh', { token: t.refreshToken })).status).toBe(200);
      await authenticate(api2, seal, tenant);
    } finally {
      await second.close();
    }
  });

  it('with a processing delay the authentication is first reported as 100', async () => {
    const emu = await startEmulator({ port: 0, rateLimits: 'raised', processingDelayMs: 150 });
    try {
      const api = new ContractClient(emu.baseUrl);
      const n = randomNip();
      const init = await startXades(api, await makeSealCert(n), { contextNip: n });
      const op = init.json.authenticationToken.token;
      const firstPoll = await api.call('GET', `/auth/${init.json.referenceNumber}`, { token: op });
      expect(firstPoll.json.status.code).toBe(100);
      const done = await poll(
        () => api.call('GET', `/auth/${init.json.referenceNumber}`, { token: op }),
        (r) => r.json.status.code !== 100,
      );
      expect(done.json.status.code).toBe(200);
    } finally {
      await emu.close();
    }
  });
});
