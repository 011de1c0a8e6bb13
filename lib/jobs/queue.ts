import { z } from 'zod';
import type { Prisma } from '@/lib/db/client';

/**
 * Jobs are rows in PostgreSQL (graphile-worker's schema), added in the SAME transaction as the
 * state change that needs them: an invoice marked QUEUED always has a sending job, and a rolled-back
 * change never leaves a stray job. `job_key` makes one pending job per tenant: queuing ten invoices
 * quickly gives one sending run that takes all ten (debounced by `delayMs`). A tenant's KSeF jobs run
 * one at a time by an advisory lock inside the job (lib/worker/worker.ts), not by a named queue: a
 * named queue stays locked for hours by a worker that died.
 *
 * This module only enqueues (SQL `graphile_worker.add_job`): lib/server calls it inside its
 * transactions. The worker that runs the tasks is lib/worker/, an entry point above lib/server.
 */
export const TASKS = {
  sendTenantInvoices: 'send-tenant-invoices',
  checkPermissions: 'check-permissions',
  syncPurchases: 'sync-purchases',
  certificateExpiry: 'certificate-expiry-check',
  sendInvoiceEmail: 'send-invoice-email',
} as const;

/** Every tenant-scoped task (run one at a time per tenant) carries at least this. */
export const TenantPayload = z.object({ tenantId: z.guid() });

/**
 * What each task's payload must be. The worker parses every payload with these before it runs a
 * task (a row edited by hand, a job left by an older version); the enqueuers below build exactly
 * this. Unknown keys are dropped.
 */
export const PAYLOADS = {
  [TASKS.sendTenantInvoices]: TenantPayload,
  [TASKS.checkPermissions]: TenantPayload,
  [TASKS.syncPurchases]: TenantPayload.extend({ runId: z.string().min(1).nullish(), nightly: z.boolean().optional() }),
  [TASKS.sendInvoiceEmail]: TenantPayload.extend({ emailId: z.guid() }),
} as const;

type Tx = Pick<Prisma.TransactionClient, '$executeRaw'>;

export async function enqueueTenantSending(tx: Tx, tenantId: string, delayMs = 300) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${TASKS.sendTenantInvoices}, json_build_object('tenantId', ${tenantId}::text),
    run_at := now() + (${delayMs}::int * interval '1 millisecond'),
    job_key := ${`send:${tenantId}`}, job_key_mode := 'preserve_run_at', max_attempts := 25)`;
}

/**
 * The run a sending run asks for after itself (KSeF still processing, a UPO due later). Its own key,
 * so that a UPO poll half an hour away never delays a newly queued invoice (which would keep the
 * later run_at under 'preserve_run_at').
 */
export async function enqueueSendingFollowUp(tx: Tx, tenantId: string, delayMs: number) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${TASKS.sendTenantInvoices}, json_build_object('tenantId', ${tenantId}::text),
    run_at := now() + (${delayMs}::int * interval '1 millisecond'),
    job_key := ${`send-followup:${tenantId}`}, job_key_mode := 'replace', max_attempts := 25)`;
}

export async function enqueuePermissionCheck(tx: Tx, tenantId: string) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${TASKS.checkPermissions}, json_build_object('tenantId', ${tenantId}::text),
    job_key := ${`perm:${tenantId}`}, job_key_mode := 'replace', max_attempts := 5)`;
}

/**
 * A purchase sync on the tenant's KSeF queue (serialized with its sending). One pending job per
 * tenant: a second request while one waits is the same sync.
 */
export async function enqueuePurchaseSync(tx: Tx, tenantId: string, payload: { runId?: string; nightly?: boolean } = {}) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${TASKS.syncPurchases}, json_build_object('tenantId', ${tenantId}::text, 'runId', ${payload.runId ?? null}::text, 'nightly', ${payload.nightly ?? false}::boolean),
    job_key := ${`sync:${tenantId}`}, job_key_mode := 'preserve_run_at', max_attempts := 5)`;
}

/** Attempts of an invoice e-mail (graphile-worker backs off exponentially: over about a day in all). */
export const INVOICE_EMAIL_MAX_ATTEMPTS = 12;

/** An invoice e-mail to deliver; in the transaction that records it, so neither exists without the other. */
export async function enqueueInvoiceEmail(tx: Tx, tenantId: string, emailId: string) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(
    ${TASKS.sendInvoiceEmail}, json_build_object('tenantId', ${tenantId}::text, 'emailId', ${emailId}::text),
    job_key := ${`mail:${emailId}`}, max_attempts := ${INVOICE_EMAIL_MAX_ATTEMPTS}::int)`;
}
