import { Logger, run, type JobHelpers, type Runner, type Task } from 'graphile-worker';
import pg from 'pg';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { logger } from '@/lib/logger';
import { PAYLOADS, TASKS, TenantPayload, enqueuePermissionCheck, enqueuePurchaseSync, enqueueSendingFollowUp, enqueueTenantSending } from '@/lib/jobs/queue';
import { sendTenantInvoices } from '@/lib/server/invoices/send-tenant-invoices';
import { checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { runPurchaseSyncJob } from '@/lib/server/purchases/request-sync';
import { configuredKeyring } from '@/lib/secrets/envelope';
import { isProduction, secretsMasterKeys } from '@/lib/config';
import { warnExpiringCertificates } from '@/lib/server/own-certificate/warn-expiring-certificates';
import { deliverInvoiceEmail } from '@/lib/server/invoices/email-invoice';

/**
 * The job worker: an entry point, like app/, that wires graphile-worker's tasks to lib/server use
 * cases. lib/jobs/queue.ts below it only enqueues (lib/server calls it), so no arrow runs upward.
 * Jobs live in PostgreSQL (SKIP LOCKED + LISTEN/NOTIFY), so any number of workers on any number of
 * machines can run together; handlers are thin and call lib/server.
 * See docs/decisions/0005-job-queue.md.
 */

/** A payload that is not what its task expects (edited by hand, left by an older version). */
export class InvalidJobPayloadError extends Error {
  constructor(
    readonly task: string,
    readonly problems: string[],
  ) {
    super(`Invalid payload for task "${task}": ${problems.join('; ')}`);
    this.name = 'InvalidJobPayloadError';
  }
}

/**
 * The payload checked against the task's schema. Invalid: the job fails (graphile-worker records
 * the message and retries, then keeps it as failed) with field names and rules only — zod's
 * messages for these schemas never repeat the values, and the payload itself is not logged.
 */
export function parsePayload<S extends z.ZodType>(task: string, schema: S, payload: unknown): z.infer<S> {
  const r = schema.safeParse(payload);
  if (r.success) return r.data;
  const problems = r.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`);
  logger.error({ task, problems }, 'invalid job payload');
  throw new InvalidJobPayloadError(task, problems);
}

/** Scheduled purchase sync (cron): `{nightly:true}` once a night, no payload otherwise. */
const ScheduledSyncPayload = z.object({ nightly: z.boolean().optional() }).nullish();
/** Advisory-lock class of „this tenant's KSeF work” (the object id is a hash of the tenant id). */
const TENANT_KSEF_LOCK = 7_401;

/**
 * A tenant's KSeF work (sending, sync, permission checks) runs one job at a time. The lock is a
 * session-level advisory lock on the job's own database connection: when a worker dies — SIGKILL,
 * OOM, a lost machine — PostgreSQL drops the connection and the lock with it, so the next job of
 * that tenant runs at once. (graphile-worker's named queues hold a dead worker's lock for 4 hours.)
 * A job that finds the tenant busy comes back in two seconds; it has not used up an attempt.
 */
export function oneAtATimePerTenant(task: Task): Task {
  return async (payload, helpers: JobHelpers) => {
    const { tenantId } = parsePayload(helpers.job.task_identifier, TenantPayload, payload);
    const ran = await helpers.withPgClient(async (pg) => {
      const { rows } = await pg.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [TENANT_KSEF_LOCK, tenantId]);
      if (!rows[0]?.ok) return false;
      try {
        await task(payload, helpers);
      } finally {
        await pg.query('SELECT pg_advisory_unlock($1, hashtext($2))', [TENANT_KSEF_LOCK, tenantId]).catch(() => undefined);
      }
      return true;
    });
    if (!ran) {
      await helpers.addJob(helpers.job.task_identifier, payload, {
        runAt: new Date(Date.now() + 2_000),
        jobKey: `${helpers.job.key ?? `${helpers.job.task_identifier}:${tenantId}`}:busy`,
        jobKeyMode: 'replace',
        maxAttempts: helpers.job.max_attempts,
      });
    }
  };
}

/**
 * Every minute: tenants with sending work that no job will pick up (a job that ran out of attempts,
 * one a dead worker still holds) get a sending job again. Enqueuing is idempotent (one pending job per
 * tenant); a pending job keeps its time, a failed one starts over.
 */
export async function sweepStalledSending(): Promise<number> {
  const tenants = await rawDb().$queryRaw<{ tenantId: string }[]>`
    SELECT DISTINCT w."tenantId" FROM (
      SELECT "tenantId" FROM "Invoice" WHERE status IN ('QUEUED', 'SENDING')
      UNION ALL
      SELECT "tenantId" FROM "KsefSubmission"
       WHERE status IN ('PREPARED', 'SENDING', 'SUBMITTED')
          OR (status = 'ACCEPTED' AND "upoXml" IS NULL AND "upoGaveUpAt" IS NULL AND ("upoNextAttemptAt" IS NULL OR "upoNextAttemptAt" <= now()))
    ) w JOIN "Tenant" t ON t.id = w."tenantId" WHERE t."nipVerifiedAt" IS NOT NULL`;
  for (const t of tenants) await enqueueTenantSending(rawDb(), t.tenantId, 0);
  if (tenants.length) logger.debug({ tenants: tenants.length }, 'sweeper re-queued sending');
  return tenants.length;
}

const sweepTask: Task = async () => {
  await sweepStalledSending();
};

const sendTask: Task = async (payload) => {
  const { tenantId } = parsePayload(TASKS.sendTenantInvoices, PAYLOADS[TASKS.sendTenantInvoices], payload);
  const report = await sendTenantInvoices(tenantId);
  logger.info({ tenantId, ...report }, 'sending run finished');
  // KSeF still processing: come back shortly; a UPO not yet ready: when its next poll is due.
  if (report.pending > 0) await enqueueSendingFollowUp(rawDb(), tenantId, report.retryInMs ?? 3_000);
};

const checkTask: Task = async (payload) => {
  const { tenantId } = parsePayload(TASKS.checkPermissions, PAYLOADS[TASKS.checkPermissions], payload);
  await checkTenantPermissions(tenantId);
};

/**
 * Daily re-check of every verified tenant's permissions (and release of held invoices). Unverified
 * claims are checked only when their owner asks: otherwise anyone could make us sign in daily, once
 * per account they create, in the context of a company they merely named.
 */
const dailyCheckTask: Task = async () => {
  const tenants = await rawDb().tenant.findMany({ where: { nipVerifiedAt: { not: null } }, select: { id: true } });
  for (const t of tenants) await enqueuePermissionCheck(rawDb(), t.id);
};

/** Daily: own certificates 30/7/1 days before expiry and on expiry, each warning recorded once. */
const certificateExpiryTask: Task = async () => {
  const r = await warnExpiringCertificates();
  if (r.recorded) logger.info(r, 'certificate expiry warnings recorded');
};

const syncTask: Task = async (payload) => {
  const p = parsePayload(TASKS.syncPurchases, PAYLOADS[TASKS.syncPurchases], payload);
  await runPurchaseSyncJob(p.tenantId, { runId: p.runId ?? undefined, nightly: !!p.nightly });
};

/**
 * Scheduled purchase sync (limity-api.md, przyrostowe-pobieranie-faktur.md): every 15 minutes — the
 * minimum interval per subject type — for Subject2 (buyer); once a night all subject types, since
 * Podmiot3 / authorised-subject invoices are rare. Per tenant through its KSeF queue.
 */
const scheduledSyncTask: Task = async (payload) => {
  const nightly = !!parsePayload('scheduled-purchase-sync', ScheduledSyncPayload, payload)?.nightly;
  const tenants = await rawDb().tenant.findMany({ where: { nipVerifiedAt: { not: null } }, select: { id: true } });
  for (const t of tenants) await enqueuePurchaseSync(rawDb(), t.id, { nightly });
};

/** One invoice e-mail; not serialised with the tenant's KSeF work (it only reads the invoice). */
export const invoiceEmailTask: Task = async (payload, helpers) => {
  const { tenantId, emailId } = parsePayload(TASKS.sendInvoiceEmail, PAYLOADS[TASKS.sendInvoiceEmail], payload);
  await deliverInvoiceEmail(tenantId, emailId, { number: helpers.job.attempts, isLast: helpers.job.attempts >= helpers.job.max_attempts });
};

/** PostgreSQL shutting down (57P01 admin_shutdown): what Ctrl+C or a database restart looks like. */
const isShutdown = (e: unknown) => (e as { code?: string } | undefined)?.code === '57P01';

/**
 * graphile-worker's log metadata without job payloads: its "Failed task" line carries the whole job
 * row, and pino's redaction by path does not reach into a payload. The job is named by id and task.
 */
function withoutPayload(meta: unknown): unknown {
  const m = meta as { job?: { id?: string; task_identifier?: string; attempts?: number; max_attempts?: number } } | undefined;
  if (!m?.job) return meta;
  const { id, task_identifier, attempts, max_attempts } = m.job;
  return { ...m, job: { id, task_identifier, attempts, max_attempts } };
}

function quietLogger() {
  // graphile-worker's Logger wants a factory; route it to pino.
  return new Logger(() => (level, message, rawMeta) => {
    const meta = withoutPayload(rawMeta);
    // Also graphile-worker's UNLISTEN on a connection that is already gone, right after.
    if (isShutdown((meta as { error?: unknown } | undefined)?.error) || message.includes('attempting to UNLISTEN')) logger.debug({ meta }, message);
    else if (level === 'error') logger.error({ meta }, message);
    else if (level === 'warning') logger.warn({ meta }, message);
    else logger.debug({ meta }, message);
  });
}

export async function startWorker(opts: { connectionString: string; concurrency?: number }): Promise<Runner> {
  // Fail at start, naming the variable, rather than at the first own-certificate job.
  if (isProduction() || secretsMasterKeys() !== undefined) configuredKeyring();
  const concurrency = opts.concurrency ?? 4;
  // Our own pool, with an 'error' listener: a connection PostgreSQL closes (a restart, the embedded
  // database stopping on Ctrl+C) is logged, not an unhandled 'error' event that kills the process.
  const pgPool = new pg.Pool({ connectionString: opts.connectionString, max: concurrency + 4 });
  const onError = (err: Error) => {
    const fields = { err: { message: err.message, code: (err as { code?: string }).code } };
    if (isShutdown(err)) logger.debug(fields, 'job queue: database shut down');
    else logger.warn(fields, 'job queue: database connection lost');
  };
  // Idle clients report through the pool, checked-out ones through themselves (graphile-worker asks for both).
  pgPool.on('error', onError);
  pgPool.on('connect', (client) => client.on('error', onError));
  const runner = await run({
    pgPool,
    concurrency,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger(),
    taskList: {
      [TASKS.sendTenantInvoices]: oneAtATimePerTenant(sendTask),
      [TASKS.checkPermissions]: oneAtATimePerTenant(checkTask),
      [TASKS.syncPurchases]: oneAtATimePerTenant(syncTask),
      'daily-permission-check': dailyCheckTask,
      [TASKS.certificateExpiry]: certificateExpiryTask,
      [TASKS.sendInvoiceEmail]: invoiceEmailTask,
      'scheduled-purchase-sync': scheduledSyncTask,
      'ksef-sweeper': sweepTask,
    },
    crontab: [
      '* * * * * ksef-sweeper',
      '0 6 * * * daily-permission-check ?fill=1d',
      `5 6 * * * ${TASKS.certificateExpiry} ?fill=1d`,
      '*/15 * * * * scheduled-purchase-sync',
      '30 2 * * * scheduled-purchase-sync ?fill=1d&id=nightly-purchase-sync {nightly:true}',
    ].join('\n'),
  });
  // Stopping lets running jobs finish (graphile-worker waits for them), then closes the pool.
  const stopRunner = runner.stop.bind(runner);
  return Object.assign(runner, {
    stop: async () => {
      await stopRunner();
      await pgPool.end();
    },
  });
}
