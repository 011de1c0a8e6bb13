/**
 * Purchase-sync benchmark: N invoices (default 10,000) issued to ONE tenant by another company, then
 * our real sync (syncTenantPurchases: metadata query → export → decrypt/unzip → parse → store) against
 * the emulator running PRODUCTION rate limits in the tenant's context, with a throwaway PostgreSQL.
 *
 *   npm run bench:sync -- [--invoices N]
 *
 * Prints wall time, the requests the sync made by endpoint group, the limit-imposed minimum for those
 * requests (ideal sliding-window schedule, minimumDurationMs) and the ratio; also what the same volume
 * would cost through single downloads (64/h), which is why the sync switches to an export.
 * Seeding: the seller's context gets raised limits through KSeF's TEST endpoint POST
 * /testdata/rate-limits (limity.md) so 10,000 invoices go in through batch sessions quickly; the
 * tenant's context, where the sync runs, keeps the production table.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { startEmulator } from '@/emulator/server';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { KsefClient } from '@/lib/ksef/ksef-client';
import { PRODUCTION_RATE_LIMITS, bucketFor, minimumDurationMs, type RateLimitGroup, type RateLimitTable } from '@/lib/ksef/rate-limit';
import { BatchSession, buildBatchPackage } from '@/lib/ksef/sessions/batch';
import { waitForSession } from '@/lib/ksef/sessions/common';
import { purchaseInvoiceXml } from '@/tests/support/receiving';
import { uniqueNip } from '@/tests/support/nip';
import { startEmbeddedPostgres } from '../lib/embedded-postgres';
import { prepareDatabase } from '../lib/prepare-database';

const { values } = parseArgs({ options: { invoices: { type: 'string', default: '10000' } } });
const N = Number(values.invoices);

const db = await startEmbeddedPostgres({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-bench-sync-pg-')), persistent: false });
await prepareDatabase(db.url);
process.env.DATABASE_URL = db.url;
process.env.LOG_LEVEL ??= 'warn';
process.env.AUTH_SECRET ??= randomBytes(32).toString('base64url');
const { signUp } = await import('@/lib/server/auth/sign-up');
const { syncTenantPurchases } = await import('@/lib/server/purchases/sync-purchases');
const { rawDb } = await import('@/lib/db/client');

const emu = await startEmulator({ port: 0, rateLimits: 'production' });
const admin = (p: string, body: unknown) => fetch(`${emu.adminUrl}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });

// --- the tenant (our customer) and our provider identity ---
const tenantNip = uniqueNip();
const { tenantId } = await signUp({ email: `bench-${tenantNip}@example.com`, password: 'haslo-testowe-123', nip: tenantNip, companyName: 'Odbiorca Bench Sp. z o.o.' });
// The benchmark measures syncing, not the proof of control (docs/security.md): bound as an admin would.
await (await import('@/lib/server/tenants/nip-claim')).bindNip(tenantId, 'ADMIN', { reason: 'benchmark fixture' });
const providerNip = uniqueNip();
const providerCert = await generateDevCertificate({ nip: providerNip, keyType: 'EC' });
await admin('/grants', { contextNip: tenantNip, subjectNip: providerNip, permissions: ['InvoiceRead'] });

// --- seeding: the seller issues N invoices to the tenant through batch sessions ---
const sellerNip = uniqueNip();
const sellerCert = await generateDevCertificate({ nip: sellerNip, keyType: 'EC' });
const big = { perSecond: 1000, perMinute: 100_000, perHour: 1_000_000 };
const raised = Object.fromEntries(Object.keys(PRODUCTION_RATE_LIMITS).map((g) => [g, big])) as RateLimitTable;
const seller = new KsefClient({
  environment: { baseUrl: emu.baseUrl },
  credential: credentialFromPem(sellerCert.certificatePem, sellerCert.privateKeyPem),
  timeoutMs: 120_000,
  rateLimits: { limits: raised },
});
const sctx = seller.context(sellerNip);
await sctx.request({
  method: 'POST',
  path: '/testdata/rate-limits',
  json: {
    rateLimits: Object.fromEntries(
      Object.keys(PRODUCTION_RATE_LIMITS)
        .filter((g) => g !== 'public')
        .map((g) => [g, big]),
    ),
  },
});
const seedStart = Date.now();
const PER_BATCH = 5_000;
for (let off = 0; off < N; off += PER_BATCH) {
  const items = Array.from({ length: Math.min(PER_BATCH, N - off) }, (_, i) => ({
    id: String(off + i),
    invoice: prepareInvoice(Buffer.from(purchaseInvoiceXml({ sellerNip, tenantNip, role: 'buyer', number: `FZ/${off + i + 1}/2026`, lines: 1 }), 'utf8')),
  }));
  const s = await BatchSession.open(sctx, buildBatchPackage(items));
  await s.upload();
  await s.close();
  const st = await waitForSession(sctx, s.referenceNumber, { timeoutMs: 900_000 });
  process.stdout.write(`seeded batch ${off / PER_BATCH + 1}: status ${st.status.code}, ${st.successfulInvoiceCount ?? '?'} accepted\n`);
}
const seedMs = Date.now() - seedStart;

// --- the sync, measured: production limits in the tenant's context, our client's default limiter ---
const requests = new Map<string, number>();
const provider = new KsefClient({
  environment: { baseUrl: emu.baseUrl },
  credential: credentialFromPem(providerCert.certificatePem, providerCert.privateKeyPem),
  providerNip,
  timeoutMs: 120_000,
  fetch: (url, init) => {
    const u = new URL(url);
    const p = u.pathname.replace(/^\/v2/, '');
    const template = p.startsWith('/__storage')
      ? 'export part (presigned)'
      : p
          .replace(/\/invoices\/ksef\/[^/]+$/, '/invoices/ksef/{ksefNumber}')
          .replace(/\/invoices\/exports\/[^/]+$/, '/invoices/exports/{referenceNumber}')
          .replace(/\/auth\/[0-9]{8}-[A-Z]{2}-[0-9A-F-]+$/, '/auth/{referenceNumber}');
    const key = `${init.method ?? 'GET'} ${template}`;
    requests.set(key, (requests.get(key) ?? 0) + 1);
    return fetch(url, init);
  },
});

const t0 = Date.now();
// Step timeline: the sync calls onStep before each network and storage step.
const steps: { step: string; at: number }[] = [];
const report = await syncTenantPurchases(tenantId, { client: provider, trigger: 'MANUAL', onStep: (step) => void steps.push({ step, at: Date.now() - t0 }) });
const wallMs = Date.now() - t0;
const stored = await rawDb().receivedInvoice.count({ where: { tenantId } });
const at = (name: string) => steps.find((s) => s.step === name)?.at;
const firstStore = steps.find((s) => s.step.startsWith('store:'))?.at;

// The floor: the same rows, read back as COPY text, written with one plain COPY into a table with the
// same columns and indexes (LIKE … INCLUDING ALL), in this run, on this machine.
const copyFloorMs = await (async () => {
  const pgc = new pg.Client({ connectionString: db.url });
  await pgc.connect();
  await pgc.query('CREATE TABLE bench_copy (LIKE "ReceivedInvoice" INCLUDING ALL)');
  const text: Buffer[] = [];
  const out = pgc.query(copyTo(`COPY (SELECT * FROM "ReceivedInvoice" WHERE "tenantId" = '${tenantId}') TO STDOUT`));
  for await (const chunk of out) text.push(chunk as Buffer);
  const c0 = performance.now();
  await pipeline(Readable.from(text), pgc.query(copyFrom('COPY bench_copy FROM STDIN')));
  const ms = performance.now() - c0;
  await pgc.end();
  return ms;
})();

// Limit-imposed minimum: per endpoint group, the ideal schedule of the requests actually made; the
// groups have independent budgets, so the sync cannot be faster than the slowest group.
const byGroup = new Map<RateLimitGroup, number>();
for (const [op, n] of requests) {
  if (op.endsWith('(presigned)')) continue;
  const [method, template] = op.split(' ') as [string, string];
  const g = bucketFor(method, template).group;
  byGroup.set(g, (byGroup.get(g) ?? 0) + n);
}
const minimumByGroup = Object.fromEntries([...byGroup].map(([g, n]) => [g, minimumDurationMs(n, PRODUCTION_RATE_LIMITS[g])]));
const minimumMs = Math.max(0, ...Object.values(minimumByGroup));
const singleDownloadsMs = minimumDurationMs(N, PRODUCTION_RATE_LIMITS.invoiceDownload);

const result = {
  invoices: N,
  stored,
  status: report.status,
  created: report.created,
  windows: report.windows,
  seedSeconds: +(seedMs / 1000).toFixed(1),
  syncWallSeconds: +(wallMs / 1000).toFixed(2),
  requests: Object.fromEntries([...requests].sort()),
  requestsTotal: [...requests.values()].reduce((a, b) => a + b, 0),
  limitMinimumMsByGroup: minimumByGroup,
  limitMinimumSeconds: +(minimumMs / 1000).toFixed(2),
  // Below 1 s the limits do not bind at all: compare with one second, the shortest window.
  ratioWallToLimitMinimum: +(wallMs / Math.max(minimumMs, 1000)).toFixed(2),
  sameVolumeBySingleDownloadsHours: +(singleDownloadsMs / 3_600_000).toFixed(1),
  http429: provider.http.stats.http429,
  // Busy time per phase (they overlap: the next window is fetched while this one is parsed and
  // stored, and chunk i+1 is parsed while chunk i is written).
  phasesMs: { fetch: Math.round(report.timings.fetchMs), parse: Math.round(report.timings.parseMs), store: Math.round(report.timings.storeMs) },
  exportTimelineMs: { requested: at('export'), ksefPreparing: at('export-wait'), downloadStarted: at('export-download'), firstChunkStored: firstStore },
  copyFloorMs: Math.round(copyFloorMs),
  ratioStoreToCopy: +(report.timings.storeMs / copyFloorMs).toFixed(2),
  invoicesPerSecond: +((stored / wallMs) * 1000).toFixed(0),
};
console.log(JSON.stringify(result, null, 2));
await emu.close();
await rawDb().$disconnect();
await (await import('@/lib/db/received-invoices')).closeReceivedInvoicesPool();
await db.stop();
process.exit(report.status === 'SUCCEEDED' && stored === N && provider.http.stats.http429 === 0 ? 0 : 1);
