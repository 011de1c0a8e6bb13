import { Logger, run, type Runner, type Task } from 'graphile-worker';
import { rawDb } from '@/lib/db/client';
import { logger } from '@/lib/logger';
import { TASKS, enqueuePermissionCheck, enqueuePurchaseSync, enqueueSendingFollowUp } from './queue';
import { sendTenantInvoices } from '@/lib/server/invoices/send-tenant-invoices';
import { checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { runPurchaseSyncJob } from '@/lib/server/purchases/request-sync';
import { keyringFromEnv, MASTER_KEYS_VAR } from '@/lib/secrets/envelope';
import { warnExpiringCertificates } from '@/lib/server/own-certificate/warn-expiring-certificates';

/**
 * graphile-worker: jobs live in PostgreSQL (SKIP LOCKED + LISTEN/NOTIFY), so any number of workers
 * on any number of machines can run together; handlers are thin and call lib/server.
 * See docs/decisions/0005-job-queue.md.
 */
const sendTask: Task = async (payload) => {
  const { tenantId } = payload as { tenantId: string };
  const report = await sendTenantInvoices(tenantId);
  logger.info({ tenantId, ...report }, 'sending run finished');
  // KSeF still processing: come back shortly; a UPO not yet ready: when its next poll is due.
  if (report.pending > 0) await enqueueSendingFollowUp(rawDb(), tenantId, report.retryInMs ?? 3_000);
};

const checkTask: Task = async (payload) => {
  const { tenantId } = payload as { tenantId: string };
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
  const p = payload as { tenantId: string; runId?: string | null; nightly?: boolean };
  await runPurchaseSyncJob(p.tenantId, { runId: p.runId ?? undefined, nightly: !!p.nightly });
};

/**
 * Scheduled purchase sync (limity-api.md, przyrostowe-pobieranie-faktur.md): every 15 minutes — the
 * minimum interval per subject type — for Subject2 (buyer); once a night all subject types, since
 * Podmiot3 / authorised-subject invoices are rare. Per tenant through its KSeF queue.
 */
const scheduledSyncTask: Task = async (payload) => {
  const nightly = !!(payload as { nightly?: boolean } | null)?.nightly;
  const tenants = await rawDb().tenant.findMany({ where: { nipVerifiedAt: { not: null } }, select: { id: true } });
  for (const t of tenants) await enqueuePurchaseSync(rawDb(), t.id, { nightly });
};

function quietLogger() {
  // graphile-worker's Logger wants a factory; route it to pino.
  return new Logger(() => (level, message, meta) => {
    if (level === 'error') logger.error({ meta }, message);
    else if (level === 'warning') logger.warn({ meta }, message);
    else logger.debug({ meta }, message);
  });
}

export async function startWorker(opts: { connectionString: string; concurrency?: number }): Promise<Runner> {
  // Fail at start, naming the variable, rather than at the first own-certificate job.
  if (process.env.NODE_ENV === 'production' || process.env[MASTER_KEYS_VAR] !== undefined) keyringFromEnv();
  return run({
    connectionString: opts.connectionString,
    concurrency: opts.concurrency ?? 4,
    noHandleSignals: true,
    pollInterval: 1000,
    logger: quietLogger(),
    taskList: { [TASKS.sendTenantInvoices]: sendTask, [TASKS.checkPermissions]: checkTask, 'daily-permission-check': dailyCheckTask, [TASKS.certificateExpiry]: certificateExpiryTask, [TASKS.syncPurchases]: syncTask, 'scheduled-purchase-sync': scheduledSyncTask },
    crontab: ['0 6 * * * daily-permission-check ?fill=1d', `5 6 * * * ${TASKS.certificateExpiry} ?fill=1d`, '*/15 * * * * scheduled-purchase-sync', '30 2 * * * scheduled-purchase-sync ?fill=1d&id=nightly-purchase-sync {nightly:true}'].join('\n'),
  });
}
