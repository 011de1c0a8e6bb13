import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { KsefCircuitOpenError, KsefUnavailableError } from '@/lib/ksef';
import { availabilityBreaker, ksefUnreachableSince } from '@/lib/server/ksef/availability';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;
beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
});
afterAll(async () => env?.close());

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20));
};

describe('a KSeF that keeps failing is not hammered, and everyone sees since when', () => {
  it('opens after 5 failed requests, the next ones never reach KSeF, the status is shared; the first answer closes it', async () => {
    const environment = `${env.baseUrl}#breaker-${Date.now()}`;
    const breaker = availabilityBreaker(() => environment, { baseCooldownMs: 200 });
    const client = provider.client({ breaker, retry: { maxRetries: 0 } });
    const call = () => client.http.request({ method: 'GET', path: '/security/public-key-certificates' });
    await env.admin('POST', '/faults', { operation: 'GET /security/public-key-certificates', mode: 'http503', count: 1000, when: 'before' });
    try {
      for (let i = 0; i < 5; i++) await expect(call()).rejects.toBeInstanceOf(KsefUnavailableError);
      const before = client.http.stats.requests;
      for (let i = 0; i < 20; i++) await expect(call()).rejects.toBeInstanceOf(KsefCircuitOpenError);
      expect(client.http.stats.requests).toBe(before); // not one of them went out
      await until(async () => (await ksefUnreachableSince(environment)) !== null);
      expect(await ksefUnreachableSince(environment)).toBeInstanceOf(Date);
    } finally {
      await env.admin('DELETE', '/faults');
    }
    await new Promise((r) => setTimeout(r, 250)); // the cooldown
    await expect(call()).resolves.toMatchObject({ status: 200 });
    await until(async () => (await ksefUnreachableSince(environment)) === null);
    expect(await rawDb().ksefAvailability.findUniqueOrThrow({ where: { environment } })).toMatchObject({ unreachableSince: null });
  });
});
