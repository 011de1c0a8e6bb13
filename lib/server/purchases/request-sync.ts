import 'server-only';
import { rawDb } from '@/lib/db/client';
import { tenantDb } from '@/lib/db/tenant-db';
import { enqueuePurchaseSync } from '@/lib/jobs/queue';
import type { KsefClient } from '@/lib/ksef';
import { requireRole, type Actor } from '../access';
import { recordAudit } from '../audit/record-audit';
import { AppError } from '../errors';
import { RECEIVING_SUBJECTS, syncTenantPurchases, type ReceivingSubject, type SyncReport } from './sync-purchases';

/** A RUNNING run without a heartbeat for this long died with its worker; a new sync may start. */
const STALE_MS = 10 * 60_000;

/**
 * "Synchronizuj" (ACCOUNTANT+): records a QUEUED run and its job in one transaction. A run already
 * queued or running is returned instead: one sync per tenant at a time (the tenant's KSeF queue
 * serializes them anyway; this keeps the UI and the request budget honest).
 */
export async function requestPurchaseSync(actor: Actor): Promise<{ runId: string; alreadyRunning: boolean }> {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nipVerifiedAt: true } });
  if (!tenant.nipVerifiedAt) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.nipUnverified' });
  const active = await db.syncRun.findFirst({
    where: { OR: [{ status: 'QUEUED' }, { status: 'RUNNING', heartbeatAt: { gt: new Date(Date.now() - STALE_MS) } }] },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (active) return { runId: active.id, alreadyRunning: true };
  const run = await db.$transaction(async (tx) => {
    const r = await tx.syncRun.create({ data: { tenantId: actor.tenantId, trigger: 'MANUAL', requestedById: actor.userId, subjectTypes: RECEIVING_SUBJECTS, status: 'QUEUED' } });
    await enqueuePurchaseSync(tx, actor.tenantId, { runId: r.id });
    return r;
  });
  await recordAudit({ tenantId: actor.tenantId, userId: actor.userId }, { action: 'purchases.sync.request', result: 'QUEUED', details: { runId: run.id } });
  return { runId: run.id, alreadyRunning: false };
}

/**
 * The job: a manual run (runId) covers every subject type; a scheduled one only Subject2, a nightly
 * one all (przyrostowe-pobieranie-faktur.md: Podmiot3 / upoważniony rarely, e.g. nightly).
 */
export async function runPurchaseSyncJob(tenantId: string, opts: { runId?: string; nightly?: boolean; client?: KsefClient } = {}): Promise<SyncReport | null> {
  const db = tenantDb(tenantId);
  if (opts.runId) {
    const run = await db.syncRun.findFirst({ where: { id: opts.runId }, select: { status: true, subjectTypes: true } });
    if (!run || run.status === 'SUCCEEDED' || run.status === 'PAUSED') return null;
    return syncTenantPurchases(tenantId, { runId: opts.runId, trigger: 'MANUAL', subjectTypes: run.subjectTypes as ReceivingSubject[], client: opts.client });
  }
  const exists = await rawDb().tenant.findUnique({ where: { id: tenantId }, select: { id: true } });
  if (!exists) return null;
  const subjectTypes: ReceivingSubject[] = opts.nightly ? RECEIVING_SUBJECTS : ['Subject2'];
  return syncTenantPurchases(tenantId, { trigger: opts.nightly ? 'NIGHTLY' : 'SCHEDULED', subjectTypes, client: opts.client });
}

export interface SyncStatus {
  run: {
    id: string;
    status: 'QUEUED' | 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'PAUSED';
    trigger: string;
    phase: string | null;
    windows: number;
    fetched: number;
    created: number;
    errorCode: string | null;
    createdAt: string;
    finishedAt: string | null;
  } | null;
  /** The last finished run that completed: "up to date as of". */
  lastSuccessAt: string | null;
  canSync: boolean;
  /** Until the account proves control of the NIP there is nothing to sync (docs/security.md). */
  nipVerified: boolean;
}

/** Latest run for the live progress on the purchases page (any member may look). */
export async function getPurchaseSyncStatus(actor: Actor): Promise<SyncStatus> {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const [run, ok, tenant] = await Promise.all([
    db.syncRun.findFirst({ orderBy: { createdAt: 'desc' } }),
    db.syncRun.findFirst({ where: { status: 'SUCCEEDED' }, orderBy: { createdAt: 'desc' }, select: { finishedAt: true } }),
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nipVerifiedAt: true } }),
  ]);
  return {
    run: run
      ? {
          id: run.id,
          status: run.status,
          trigger: run.trigger,
          phase: run.phase,
          windows: run.windows,
          fetched: run.fetched,
          created: run.created,
          errorCode: run.errorCode,
          createdAt: run.createdAt.toISOString(),
          finishedAt: run.finishedAt?.toISOString() ?? null,
        }
      : null,
    lastSuccessAt: ok?.finishedAt?.toISOString() ?? null,
    canSync: role !== 'VIEWER' && tenant.nipVerifiedAt !== null,
    nipVerified: tenant.nipVerifiedAt !== null,
  };
}
