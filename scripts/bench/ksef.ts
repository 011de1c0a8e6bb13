/**
 * KSeF client throughput benchmark: N invoices for each of M tenant contexts, sent online through one
 * provider against the emulator running PRODUCTION rate limits. Prints the achieved send rate against
 * the maximum the limits allow (from the ideal sliding-window schedule) and the number of 429s.
 *
 *   npm run bench:ksef -- [--invoices N] [--tenants M] [--concurrency C]
 *   npm run bench:ksef -- --batch --invoices 25000 --tenants 1
 *
 * With --batch, the N invoices of each context go in batch sessions instead: packages of at most
 * 10,000 invoices (KSeF's cap), each split into encrypted parts of ≤ 100 MB (≤ 50 parts), one batch
 * session per package; it prints packages, parts, accepted, failures and 429s.
 *
 * Per context, invoiceSend allows 10/s, 30/min, 180/h; contexts have independent budgets, so the
 * limit-imposed minimum time for N sends per context is the ideal schedule's last departure.
 */
import { parseArgs } from 'node:util';
import { startEmulator } from '@/emulator/server';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { KsefClient } from '@/lib/ksef/ksef-client';
import { PRODUCTION_RATE_LIMITS, minimumDurationMs } from '@/lib/ksef/rate-limit';
import { sendOnline } from '@/lib/ksef/sessions/online';
import { BatchSession, buildBatchPackage, MAX_INVOICES_PER_BATCH } from '@/lib/ksef/sessions/batch';
import { invoiceXml, uniqueNip } from '@/tests/support/ksef-emulator';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '40' },
    tenants: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '10' },
    batch: { type: 'boolean', default: false },
  },
});
const N = Number(values.invoices);
const M = Number(values.tenants);

const emu = await startEmulator({ port: 0, rateLimits: 'production' });
const providerNip = uniqueNip();
const dev = await generateDevCertificate({ nip: providerNip, keyType: 'EC' });
const departures = new Map<string, number[]>();
const tooMany = new Map<string, number>();
const client = new KsefClient({
  environment: { baseUrl: emu.baseUrl },
  credential: credentialFromPem(dev.certificatePem, dev.privateKeyPem),
  providerNip,
  // The swappable transport records when each invoice send leaves, per context (from the URL's session).
  fetch: (url, init) => {
    if (init.method === 'POST' && /\/sessions\/online\/[^/]+\/invoices$/.test(url)) {
      const key = url.split('/sessions/online/')[1]!.split('/')[0]!;
      const list = departures.get(key) ?? [];
      list.push(Date.now());
      departures.set(key, list);
    }
    return fetch(url, init).then((res) => {
      if (res.status === 429) {
        const op = `${init.method} ${new URL(url).pathname.replace(/\/v2/, '').replace(/[0-9]{8}-[A-Z]{2}-[0-9A-F-]+/g, '{ref}')}`;
        tooMany.set(op, (tooMany.get(op) ?? 0) + 1);
      }
      return res;
    });
  },
});

const tenants = Array.from({ length: M }, () => uniqueNip());
for (const t of tenants) {
  const res = await fetch(`${emu.adminUrl}/grants`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ contextNip: t, subjectNip: providerNip }) });
  if (!res.ok) throw new Error(`grant failed: ${res.status}`);
}

if (values.batch) {
  console.log(`KSeF batch bench: ${N} invoices × ${M} tenant contexts in packages of ≤ ${MAX_INVOICES_PER_BATCH}, production rate limits`);
  const t0 = Date.now();
  let accepted = 0;
  let failed = 0;
  const packages: { invoices: number; parts: number; seconds: number }[] = [];
  for (const nip of tenants) {
    for (let from = 0; from < N; from += MAX_INVOICES_PER_BATCH) {
      const count = Math.min(MAX_INVOICES_PER_BATCH, N - from);
      const items = Array.from({ length: count }, (_, i) => ({ id: `${nip}-${from + i}`, invoice: prepareInvoice(invoiceXml(nip)) }));
      const p0 = Date.now();
      const pkg = buildBatchPackage(items);
      const session = await BatchSession.open(client.context(nip), pkg);
      await session.upload();
      await session.close();
      const result = await session.results({ timeoutMs: 900_000 });
      const ok = result.results.filter((r) => r.state === 'accepted').length;
      accepted += ok;
      failed += count - ok;
      packages.push({ invoices: count, parts: pkg.parts.length, seconds: +((Date.now() - p0) / 1000).toFixed(1) });
    }
  }
  console.log(
    JSON.stringify(
      { invoices: N * M, accepted, failed, packages, wallSeconds: +((Date.now() - t0) / 1000).toFixed(1), http429: client.http.stats.http429, http429ByOperation: Object.fromEntries(tooMany) },
      null,
      2,
    ),
  );
  await emu.close();
  process.exit(accepted === N * M && failed === 0 ? 0 : 1);
}

console.log(`KSeF bench: ${N} invoices × ${M} tenant contexts, emulator with production rate limits`);
const started = Date.now();
const reports = await Promise.all(
  tenants.map((nip) =>
    sendOnline(
      client.context(nip),
      Array.from({ length: N }, (_, i) => ({ id: `${nip}-${i}`, invoice: prepareInvoice(invoiceXml(nip)) })),
      { concurrency: Number(values.concurrency) },
    ),
  ),
);
const wallMs = Date.now() - started;

const accepted = reports.flatMap((r) => r.results).filter((r) => r.state === 'accepted').length;
const ideal = minimumDurationMs(N, PRODUCTION_RATE_LIMITS.invoiceSend);
const spans = [...departures.values()].map((d) => Math.max(...d) - Math.min(...d));
const span = Math.max(...spans);
// Achieved send rate vs the limit-imposed maximum over the same number of sends. When N fits in one
// second's burst the ideal span is 0: compare against the 1-second window instead.
const ratio = ideal > 0 ? ideal / span : 1;
const achieved = span > 0 ? ((N * M) / span) * 1000 : Infinity;
const maximum = ideal > 0 ? ((N * M) / ideal) * 1000 : Infinity;

console.log(
  JSON.stringify(
    {
      invoices: N * M,
      tenants: M,
      accepted,
      wallSeconds: +(wallMs / 1000).toFixed(1),
      sendSpanSeconds: +(span / 1000).toFixed(2),
      idealSpanSeconds: +(ideal / 1000).toFixed(2),
      achievedInvoicesPerSecond: +achieved.toFixed(3),
      limitMaximumInvoicesPerSecond: +maximum.toFixed(3),
      ratio: +ratio.toFixed(3),
      http429: client.http.stats.http429,
      http429ByOperation: Object.fromEntries(tooMany),
      retries: client.http.stats.retries,
      authentications: client.tokens.stats.authentications,
    },
    null,
    2,
  ),
);
await emu.close();
process.exit(accepted === N * M && client.http.stats.http429 === 0 && ratio >= 0.9 ? 0 : 1);
