/**
 * A worker killed mid-send (SIGKILL: no cleanup of any kind) must not stall its company: the next
 * worker sends the company's next invoice at once, and the killed send is finished exactly once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { rawDb } from '@/lib/db/client';
import { createKsefClientFromEnv, type KsefClient } from '@/lib/ksef';
import { queryMetadata } from '@/lib/ksef/invoices';
import { startWorker, sweepStalledSending } from '@/lib/worker/worker';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { setKsefClient } from '@/lib/server/ksef/gateway';
import { LOCAL_PROVIDER_NIP, startLocalKsef } from '../../../scripts/lib/local-ksef';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';

let local: Awaited<ReturnType<typeof startLocalKsef>>;
let runner: Runner | undefined;
let child: ChildProcess | undefined;

const admin = (method: string, path: string, body?: unknown) =>
  fetch(local.emulator.adminUrl + path, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });

let client: KsefClient;
const ksef = () => client;

beforeAll(async () => {
  local = await startLocalKsef({ processingDelayMs: 50 });
  client = createKsefClientFromEnv({ ...process.env, ...local.env });
  setKsefClient(client);
});
afterAll(async () => {
  if (child?.pid)
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  await runner?.stop();
  setKsefClient(undefined);
  await local?.emulator.close();
});

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 40_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** `npm run worker` as its own process (its own process group, so SIGKILL takes tsx's child too). */
function spawnWorker(): ChildProcess {
  const p = spawn(process.execPath, ['node_modules/tsx/dist/cli.mjs', '--import', './scripts/lib/server-only-condition.mjs', 'scripts/worker.ts'], {
    env: { ...process.env, ...local.env, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
    detached: true,
  });
  return p;
}

describe('a worker killed mid-send', () => {
  it('does not stall its company: another worker sends the next invoice at once, and the killed one exactly once', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await admin('POST', '/grants', { contextNip: nip, subjectNip: LOCAL_PROVIDER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    // The send takes long enough to kill the worker inside it.
    await admin('POST', '/latency', { operation: 'sessions.online.send', ms: 6_000 });
    child = spawnWorker();
    const first = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, first);
    await until(async () => (await rawDb().ksefSubmission.count({ where: { invoiceId: first, status: 'SENDING' } })) === 1, 'the first invoice being sent');
    process.kill(-child.pid!, 'SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    await admin('POST', '/latency', { operation: 'sessions.online.send', ms: 0 });

    const killedAt = Date.now();
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2 });
    const second = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, second);
    await until(async () => (await rawDb().invoice.count({ where: { id: { in: [first, second] }, status: 'ACCEPTED' } })) === 2, 'both invoices accepted');
    // Seconds, not the 4 hours a dead worker's named-queue lock used to hold.
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    const invoices = await rawDb().invoice.findMany({ where: { id: { in: [first, second] } } });
    expect(new Set(invoices.map((i) => i.ksefNumber)).size).toBe(2);
    // KSeF holds each of our invoices exactly once, under the KSeF number we recorded.
    const inKsef = new Map<string, string[]>();
    const from = new Date(Date.now() - 3_600_000).toISOString();
    for await (const m of queryMetadata(ksef().context(nip), { subjectType: 'Subject1', dateRange: { dateType: 'Invoicing', from } })) {
      inKsef.set(m.invoiceNumber, [...(inKsef.get(m.invoiceNumber) ?? []), m.ksefNumber]);
    }
    for (const inv of invoices) expect(inKsef.get(inv.number!)).toEqual([inv.ksefNumber]);
  });

  it('the sweeper re-queues a company whose sending job ran out of attempts', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await admin('POST', '/grants', { contextNip: nip, subjectNip: LOCAL_PROVIDER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    await runner?.stop();
    runner = undefined;
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    // As if every attempt had failed: the job is dead, the invoice QUEUED with nothing to send it.
    await rawDb().$executeRaw`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, last_error = 'test: attempts used up' WHERE key = ${`send:${actor.tenantId}`}`;
    expect(await sweepStalledSending()).toBeGreaterThanOrEqual(1);
    const [job] = await rawDb().$queryRaw<{ attempts: number; max_attempts: number }[]>`SELECT attempts, max_attempts FROM graphile_worker._private_jobs WHERE key = ${`send:${actor.tenantId}`}`;
    expect(job).toMatchObject({ attempts: 0 });
    runner = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2 });
    await until(async () => (await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status === 'ACCEPTED', 'the swept invoice accepted');
  });

  it('survives PostgreSQL closing its connections (a restart, Ctrl+C): logged, not a crash, and it goes on', async () => {
    runner ??= await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2 });
    const { actor, nip, buyerId } = await createIssuingTenant();
    await admin('POST', '/grants', { contextNip: nip, subjectNip: LOCAL_PROVIDER_NIP, permissions: ['InvoiceWrite', 'InvoiceRead'] });
    // What a database shutdown does to every open connection (57P01), the worker's idle ones included.
    const dropped = await rawDb().$queryRaw<{ n: bigint }[]>`
      SELECT count(pg_terminate_backend(pid)) AS n FROM pg_stat_activity
       WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`;
    expect(Number(dropped[0]!.n)).toBeGreaterThan(0);
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    await until(async () => (await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status === 'ACCEPTED', 'the invoice accepted after the connections were dropped');
  });
});
