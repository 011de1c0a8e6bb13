import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { OnlineSession } from '@/lib/ksef/sessions/online';
import { createProvider, createTenant, invoiceXml, startKsefEmulator, type KsefTestEnv } from '@/tests/support/ksef-emulator';

let env: KsefTestEnv;
beforeAll(async () => {
  env = await startKsefEmulator();
});
afterAll(() => env?.close());

describe('smoke', () => {
  it('authenticates in a tenant context and sends one invoice', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    const ctx = provider.client().context(tenant);
    const s = await OnlineSession.open(ctx);
    const inv = prepareInvoice(invoiceXml(tenant));
    const r = await s.send(inv);
    const o = await s.waitForInvoice(r.referenceNumber);
    expect(o.state).toBe('accepted');
  });
});
