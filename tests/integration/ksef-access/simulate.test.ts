/**
 * The local simulation panel: each button leaves exactly the state it names in the emulator — „tylko
 * przeglądanie” after a full grant takes InvoiceWrite away — and only an owner may press it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateGrantInKsef } from '@/lib/server/ksef-access/simulate-in-ksef';
import { setKsefClient } from '@/lib/server/ksef/gateway';
import { addMember, createTenantWithOwner } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;
const saved = { admin: process.env.KSEF_EMULATOR_ADMIN_URL, nip: process.env.KSEF_PROVIDER_NIP };

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  process.env.KSEF_EMULATOR_ADMIN_URL = env.adminUrl;
  process.env.KSEF_PROVIDER_NIP = provider.nip;
  setKsefClient(provider.client());
});
afterAll(async () => {
  setKsefClient(undefined);
  process.env.KSEF_EMULATOR_ADMIN_URL = saved.admin;
  process.env.KSEF_PROVIDER_NIP = saved.nip;
  if (saved.admin === undefined) delete process.env.KSEF_EMULATOR_ADMIN_URL;
  if (saved.nip === undefined) delete process.env.KSEF_PROVIDER_NIP;
  await env?.close();
});

const grantsIn = async (nip: string) => {
  const state = await env.admin<{ grants: { context: { value: string }; subject: { value: string }; permission: string }[] }>('GET', '/state');
  return state.grants
    .filter((g) => g.context.value === nip && g.subject.value === provider.nip)
    .map((g) => g.permission)
    .sort();
};

describe('simulation panel', () => {
  it('each button leaves exactly the permissions it names', async () => {
    const { actor, nip } = await createTenantWithOwner();
    expect((await simulateGrantInKsef(actor, 'writeAndRead')).check.outcome).toBe('OK');
    expect(await grantsIn(nip)).toEqual(['InvoiceRead', 'InvoiceWrite']);

    const readOnly = await simulateGrantInKsef(actor, 'readOnly');
    expect(await grantsIn(nip)).toEqual(['InvoiceRead']);
    expect(readOnly.check.outcome).toBe('MISSING');
    expect(readOnly.check.rows.map((r) => [r.permission, r.granted])).toEqual([
      ['InvoiceWrite', false],
      ['InvoiceRead', true],
    ]);

    await simulateGrantInKsef(actor, 'writeAndRead');
    expect(await grantsIn(nip)).toEqual(['InvoiceRead', 'InvoiceWrite']);
    expect((await simulateGrantInKsef(actor, 'none')).check.outcome).toBe('NO_ACCESS');
    expect(await grantsIn(nip)).toEqual([]);
  });

  it('refuses a target it does not know, and anyone but an owner', async () => {
    const { actor, nip } = await createTenantWithOwner();
    await expect(simulateGrantInKsef(actor, 'toString')).rejects.toMatchObject({ code: 'VALIDATION' });
    const accountant = await addMember(actor.tenantId, 'ACCOUNTANT');
    await expect(simulateGrantInKsef(accountant, 'writeAndRead')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await grantsIn(nip)).toEqual([]);
  });
});
