/**
 * Property: whatever the interleaving of "sellers issue invoices to the tenant (as buyer, third party,
 * authorised subject)", sync runs, syncs crashed at a random step (thrown error at step k, or emulator
 * faults), and restarts (a fresh client: new process, empty token cache), the local purchase register
 * is always a duplicate-free subset of KSeF's set for the tenant, and one clean sync at the end makes it
 * exactly KSeF's set: the same KSeF numbers, byte hashes and roles. Real PostgreSQL, real emulator.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { RateLimiter } from '@/lib/ksef/rate-limit';
import { syncTenantPurchases } from '@/lib/server/purchases/sync-purchases';
import { createTenantWithOwner } from '@/tests/support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '@/tests/support/ksef-emulator';
import { createSeller, issueInvoices, purchaseInvoiceXml, type ReceivingRole, type Seller } from '@/tests/support/receiving';

let env: KsefTestEnv;
let provider: TestProvider;
let sellers: Seller[];

beforeAll(async () => {
  // Permanent storage lags acceptance, as in KSeF: the HWM has to do its job.
  env = await startKsefEmulator({ processingDelayMs: 15 });
  provider = await createProvider(env);
  sellers = [await createSeller(env.baseUrl), await createSeller(env.baseUrl)];
});
afterAll(() => env?.close());

// The emulator runs without limits here; the client's limiter keeps KSeF's published ones (e.g. 20
// metadata queries an hour per context), which a long random run can exceed and then waits out for
// up to an hour. Windows 1000× shorter keep the limiter in the path without the wait.
const syncClient = () => provider.client({ rateLimiter: new RateLimiter({ timeScale: 1000 }) });

const ROLE_OF = { buyer: 'BUYER', thirdParty: 'THIRD_PARTY', authorized: 'AUTHORIZED' } as const;

type Cmd = { t: 'issue'; seller: number; role: ReceivingRole; n: number } | { t: 'sync' } | { t: 'crash'; k: number } | { t: 'fault'; operation: string } | { t: 'restart' };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      t: fc.constant('issue' as const),
      seller: fc.integer({ min: 0, max: 1 }),
      role: fc.constantFrom<ReceivingRole>('buyer', 'buyer', 'thirdParty', 'authorized'),
      n: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ t: 'sync' as const }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('crash' as const), k: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('fault' as const), operation: fc.constantFrom('invoices.download', 'invoices.query.metadata', 'invoices.export', 'invoices.export.status') }) },
  { weight: 1, arbitrary: fc.constant({ t: 'restart' as const }) },
);

async function localSet(tenantId: string) {
  const rows = await rawDb().receivedInvoice.findMany({ where: { tenantId }, select: { ksefNumber: true, xml: true, xmlSha256: true, roles: true } });
  return rows.map((r) => ({ ksefNumber: r.ksefNumber, stored: r.xmlSha256, actual: createHash('sha256').update(r.xml).digest('base64'), roles: [...r.roles].sort() }));
}

describe('purchase sync converges to exactly KSeF set', () => {
  it('under random interleavings of issuing, syncs, crashes, faults and restarts', async () => {
    const started = Date.now();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(cmd, { minLength: 3, maxLength: 7 }), fc.integer({ min: 0, max: 3 }), async (cmds, singleDownloadMax) => {
        runs++;
        const { actor, nip } = await createTenantWithOwner();
        await env.admin('POST', '/grants', { contextNip: nip, subjectNip: provider.nip, permissions: ['InvoiceRead'] });
        // KSeF's set for this tenant, from what the sellers were told was accepted: number → hash, roles.
        const ksef = new Map<string, { hash: string; roles: string[] }>();
        let client = syncClient();
        const sync = (onStep?: (s: string) => void) => syncTenantPurchases(actor.tenantId, { client, singleDownloadMax, onStep, trigger: 'MANUAL' });
        const check = async () => {
          const local = await localSet(actor.tenantId);
          expect(new Set(local.map((l) => l.ksefNumber)).size).toBe(local.length);
          for (const l of local) {
            const k = ksef.get(l.ksefNumber);
            expect(k, `${l.ksefNumber} is not in KSeF's set`).toBeDefined();
            expect(l.actual).toBe(l.stored);
            expect(l.stored).toBe(k!.hash);
            for (const r of l.roles) expect(k!.roles).toContain(r);
          }
        };
        for (const c of cmds) {
          if (c.t === 'issue') {
            const xmls = Array.from({ length: c.n }, () => purchaseInvoiceXml({ sellerNip: sellers[c.seller]!.nip, tenantNip: nip, role: c.role }));
            const numbers = await issueInvoices(sellers[c.seller]!, xmls);
            numbers.forEach((n, i) => ksef.set(n, { hash: createHash('sha256').update(xmls[i]!, 'utf8').digest('base64'), roles: [ROLE_OF[c.role]] }));
          } else if (c.t === 'sync') {
            expect((await sync()).status).toBe('SUCCEEDED');
          } else if (c.t === 'crash') {
            let i = 0;
            await sync(() => {
              if (i++ === c.k) throw new Error('injected crash');
            }).catch((e: Error) => expect(e.message).toBe('injected crash'));
          } else if (c.t === 'fault') {
            // More 503s than the client's retries: this sync fails at that operation (or never reaches it).
            await env.admin('POST', '/faults', { operation: c.operation, mode: 'http503', count: 6 });
            await sync().catch(() => undefined);
            await env.admin('DELETE', '/faults');
          } else {
            client = syncClient();
          }
          await check();
        }
        // Let permanent storage catch up, then one clean sync must converge exactly.
        await new Promise((r) => setTimeout(r, 150));
        const final = await sync();
        expect(final.status).toBe('SUCCEEDED');
        await check();
        const local = await localSet(actor.tenantId);
        expect(local.map((l) => l.ksefNumber).sort()).toEqual([...ksef.keys()].sort());
        expect(Object.fromEntries(local.map((l) => [l.ksefNumber, l.stored]))).toEqual(Object.fromEntries([...ksef].map(([n, v]) => [n, v.hash])));
        expect(Object.fromEntries(local.map((l) => [l.ksefNumber, l.roles]))).toEqual(Object.fromEntries([...ksef].map(([n, v]) => [n, v.roles])));
        // And another sync finds nothing new: the checkpoints hold.
        expect((await sync()).created).toBe(0);
      }),
      { numRuns: 6, endOnFailure: true },
    );
    console.log(`sync convergence: ${runs} runs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, 180_000);
});
