import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { rawDb } from '@/lib/db/client';
import { startWorker } from '@/lib/worker/worker';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { setKsefClient } from '@/lib/server/ksef/gateway';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
import { createProvider, startKsefEmulator, type KsefTestEnv } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let providerNip: string;
const runners: Runner[] = [];

beforeAll(async () => {
  env = await startKsefEmulator({ processingDelayMs: 50 });
  const provider = await createProvider(env);
  setKsefClient(provider.client());
  providerNip = provider.nip;
  // Two workers, as on two machines: same database, each with several job slots.
  for (let i = 0; i < 2; i++) runners.push(await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 3 }));
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  setKsefClient(undefined);
  await env?.close();
});

async function until(check: () => Promise<boolean>, timeoutMs = 45_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('durable jobs with several workers', () => {
  it('two workers send every queued invoice of two tenants exactly once, through the real job handlers', async () => {
    const tenants = [await createIssuingTenant('Pierwsza Sp. z o.o.'), await createIssuingTenant('Druga Sp. z o.o.')];
    const ids: string[] = [];
    for (const t of tenants) {
      await env.admin('POST', '/grants', { contextNip: t.nip, subjectNip: providerNip, permissions: ['InvoiceWrite', 'InvoiceRead'] });
      for (let i = 0; i < 4; i++) {
        const id = await issueNewInvoice(t.actor, t.buyerId);
        ids.push(id);
        await sendInvoice(t.actor, id); // each call adds (or debounces into) the tenant's one pending job
      }
    }
    await until(async () => (await rawDb().invoice.count({ where: { id: { in: ids }, status: 'ACCEPTED' } })) === ids.length);
    const invoices = await rawDb().invoice.findMany({ where: { id: { in: ids } } });
    expect(new Set(invoices.map((i) => i.ksefNumber)).size).toBe(ids.length);
    // Exactly one submission per invoice: no run ever picked up an invoice another run was sending.
    const submissions = await rawDb().ksefSubmission.groupBy({ by: ['invoiceId'], where: { invoiceId: { in: ids } }, _count: true });
    expect(submissions.map((s) => s._count)).toEqual(ids.map(() => 1));
    await until(async () => (await rawDb().ksefSubmission.count({ where: { invoiceId: { in: ids }, upoXml: { not: null } } })) === ids.length);
  });
});
