import 'server-only';
import {
  BatchSession,
  buildBatchPackage,
  KsefAmbiguousSendError,
  KsefError,
  KsefPermissionError,
  OnlineSession,
  outcomeOf,
  prepareInvoice,
  type InvoiceOutcome,
  type KsefClient,
  type KsefContext,
} from '@/lib/ksef';
import { closeSession, findInvoiceByHash, getInvoiceStatus, getInvoiceUpo, getSessionStatus } from '@/lib/ksef/sessions/common';
import { isPermissionScopeRejection, isSessionRefusal, isSessionStillProcessing, isUpoNotYetAvailable } from '@/lib/ksef/status-codes';
import { MAX_BATCH_BYTES, MAX_INVOICES_PER_BATCH } from '@/lib/ksef/sessions/batch';
import { MAX_INVOICES_PER_ONLINE_SESSION } from '@/lib/ksef/sessions/online';
import { downloadInvoice } from '@/lib/ksef/invoices';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';
import { logger } from '@/lib/logger';
import { recordAudit } from '../audit/record-audit';
import { canSend, checkTenantPermissions, type PermissionCheckResult } from '../ksef-access/check-permissions';
import { ksefClient, NipUnverifiedError, tenantKsefContext } from '../ksef/gateway';
import { OwnCertificateUnavailableError } from '../own-certificate/errors';
import type { StatusReason } from '@/lib/invoices/status-reason';
import { reasonOfKsefError, statusReasonColumns } from './status-reason';

/**
 * The durable sending pipeline for one tenant (run by the `send-tenant-invoices` job; jobs of one
 * tenant run one at a time, see lib/jobs). Every step that crosses to KSeF is preceded by a database
 * write saying what is about to happen and followed by one saying what happened, so a run killed at
 * any point is finished by the next run without sending anything twice:
 *
 *   submission PREPARED (not linked to a session)  → nothing was sent: send it.
 *   submission SENDING  (linked, no reference)     → maybe sent: look it up by hash in that session;
 *                                                    found → SUBMITTED, not found → PREPARED again.
 *   submission SUBMITTED (has KSeF reference)       → poll its status; never send again.
 *   ACCEPTED / REJECTED                             → final (UPO fetched until present).
 *
 * KSeF's own duplicate check (a duplicate status with the original KSeF number) is the second wall: even a
 * resend of an invoice KSeF already holds ends with that one KSeF number.
 */

export type SendStep =
  'before-permission-check' | 'before-open' | 'after-open' | 'before-send' | 'after-send' | 'after-persist-reference' | 'before-close' | 'after-close' | 'before-status' | 'after-status';

export interface SendRunOptions {
  client?: KsefClient;
  /** Test hook: throw here to simulate the worker being killed at that step. */
  onStep?: (step: SendStep) => void | Promise<void>;
  /** At or above this many invoices, one batch session is used instead of an online session. */
  batchThreshold?: number;
  /** Invoices per batch package (KSeF: 10,000; tests set fewer). */
  batchMaxInvoices?: number;
  /** How long one run waits for KSeF to finish processing before leaving it to the next run. */
  statusTimeoutMs?: number;
}

/** KSeF did not answer the permission check: the next try comes this much later. */
const UNREACHABLE_RETRY_MS = 30_000;

export interface SendRunReport {
  sent: number;
  accepted: number;
  rejected: number;
  held: number;
  /** Work left for a later run (KSeF still processing, UPO not yet available). */
  pending: number;
  /** When the next run is worth making (KSeF processing: seconds; a UPO: when its next poll is due). */
  retryInMs?: number;
}

/** Why a held invoice waits, per permission-check outcome: a code the page renders in the reader's language. */
export function holdReason(check: Pick<PermissionCheckResult, 'outcome'> & Partial<Pick<PermissionCheckResult, 'mode' | 'detail'>>): StatusReason {
  const own = check.mode === 'OWN_CERTIFICATE';
  switch (check.outcome) {
    case 'CERTIFICATE_EXPIRED':
      // detail: the certificate's notAfter (an instant), shown as its day in Poland.
      return check.detail ? { code: 'HELD_CERTIFICATE_EXPIRED', params: { expiredOn: { date: check.detail } } } : { code: 'HELD_CERTIFICATE_EXPIRED_UNDATED' };
    case 'CERTIFICATE_MISSING':
      return { code: 'HELD_CERTIFICATE_MISSING' };
    case 'NIP_UNVERIFIED':
      return { code: 'HELD_NIP_UNVERIFIED' };
    case 'UNREACHABLE':
      return { code: 'QUEUED_KSEF_UNREACHABLE' };
    case 'CERTIFICATE_REJECTED':
      return { code: own ? 'HELD_OWN_CERTIFICATE_REJECTED' : 'HELD_PROVIDER_CERTIFICATE_REJECTED' };
    default:
      return { code: own ? 'HELD_OWN_MISSING_INVOICE_WRITE' : 'HELD_MISSING_INVOICE_WRITE' };
  }
}

export async function sendTenantInvoices(tenantId: string, opts: SendRunOptions = {}): Promise<SendRunReport> {
  const db = tenantDb(tenantId);
  const client = opts.client ?? ksefClient();
  const step = async (s: SendStep) => opts.onStep?.(s);
  const report: SendRunReport = { sent: 0, accepted: 0, rejected: 0, held: 0, pending: 0 };
  let ctx: KsefContext;
  try {
    ctx = await tenantKsefContext(tenantId, client);
  } catch (e) {
    if (e instanceof NipUnverifiedError) {
      // Not one KSeF call until the account proves control of the NIP; verification releases these.
      report.held = await holdForPermission(db, tenantId, { outcome: 'NIP_UNVERIFIED' });
      return report;
    }
    if (!(e instanceof OwnCertificateUnavailableError)) throw e;
    // Own certificate expired or missing: what waits is held with the reason (the check records it, no
    // KSeF call); nothing that reached KSeF is touched. A valid certificate or delegated mode releases it.
    report.held = await holdForPermission(db, tenantId, await checkTenantPermissions(tenantId, { client }));
    return report;
  }

  await recoverLinkedSubmissions(db, ctx, step);

  const queued = await db.invoice.findMany({ where: { status: 'QUEUED' }, select: { id: true }, orderBy: { issuedAt: 'asc' }, take: 5000 });
  const unsent = await db.ksefSubmission.findMany({ where: { status: 'PREPARED' }, select: { id: true } });
  if (queued.length + unsent.length > 0) {
    // Right before every sending batch: is InvoiceWrite still granted? (delegated-access issue)
    await step('before-permission-check');
    const check = await checkTenantPermissions(tenantId, { client });
    if (check.outcome === 'UNREACHABLE') {
      // Not a missing permission: nothing would release a hold when KSeF comes back. The invoices
      // stay queued, say why, and this job comes back (the sweeper too, every minute).
      await db.invoice.updateMany({ where: { status: 'QUEUED' }, data: statusReasonColumns(holdReason(check)) });
      report.pending = queued.length + unsent.length;
      report.retryInMs = UNREACHABLE_RETRY_MS;
      return report;
    }
    if (!canSend(check)) {
      report.held = await holdForPermission(db, tenantId, check);
      return report;
    }
    await prepareSubmissions(db, tenantId);
    const toSend = await db.ksefSubmission.findMany({ where: { status: 'PREPARED' }, include: { invoice: { select: { id: true, xml: true } } }, orderBy: { createdAt: 'asc' } });
    if (toSend.length > 0) {
      try {
        const threshold = opts.batchThreshold ?? (await import('@/lib/config')).ksefConfig().batchThreshold;
        if (toSend.length >= threshold) {
          for (const pkg of batchPackages(toSend, opts.batchMaxInvoices ?? MAX_INVOICES_PER_BATCH)) report.sent += await sendInBatch(db, tenantId, ctx, pkg, step);
        } else report.sent = await sendOnline(db, tenantId, ctx, toSend, step);
      } catch (e) {
        if (e instanceof KsefPermissionError) {
          // Revoked mid-run: stop cleanly; nothing unsent is lost, it waits for the grant.
          const check = await checkTenantPermissions(tenantId, { client }).catch(() => ({ outcome: 'NO_ACCESS' as const, rows: [] }));
          report.held = await holdForPermission(db, tenantId, check);
          await recordAudit({ tenantId }, { action: 'ksef.permission.revoked', result: 'HELD', details: { ksefCode: e.ksefCode ?? null } });
          return report;
        }
        throw e;
      }
    }
  }
  const fin = await finalizeSubmitted(db, tenantId, ctx, step, opts.statusTimeoutMs ?? 20_000);
  report.accepted = fin.accepted;
  report.rejected = fin.rejected;
  report.pending = fin.pending;
  report.retryInMs = fin.retryInMs;
  return report;
}

/** Every QUEUED invoice gets its submission record before anything goes over the network. */
async function prepareSubmissions(db: TenantDb, tenantId: string) {
  await db.$transaction(async (tx) => {
    const invoices = await tx.invoice.findMany({ where: { status: 'QUEUED' }, select: { id: true, xmlSha256: true } });
    for (const inv of invoices) {
      const moved = await tx.invoice.updateMany({ where: { id: inv.id, status: 'QUEUED' }, data: { status: 'SENDING', ...statusReasonColumns(null) } });
      if (moved.count !== 1 || !inv.xmlSha256) continue;
      await tx.ksefSubmission.create({ data: { tenantId, invoiceId: inv.id, status: 'PREPARED', invoiceSha256: inv.xmlSha256 } });
      await tx.auditEvent.create({ data: { tenantId, action: 'invoice.sending', result: 'OK', details: { invoiceId: inv.id } } });
    }
  });
}

async function holdForPermission(db: TenantDb, tenantId: string, check: Pick<PermissionCheckResult, 'outcome'> & Partial<Pick<PermissionCheckResult, 'mode' | 'detail'>>): Promise<number> {
  const reason = holdReason(check);
  return db.$transaction(async (tx) => {
    // Unsent submissions are withdrawn; their invoices wait. Nothing that reached KSeF is touched.
    const prepared = await tx.ksefSubmission.findMany({ where: { status: 'PREPARED' }, select: { id: true, invoiceId: true } });
    await tx.ksefSubmission.updateMany({ where: { id: { in: prepared.map((p) => p.id) } }, data: { status: 'CANCELLED', errorMessage: reason.code } });
    const held = await tx.invoice.updateMany({
      where: { OR: [{ status: 'QUEUED' }, { status: 'SENDING', id: { in: prepared.map((p) => p.invoiceId) } }] },
      data: { status: 'WAITING_FOR_PERMISSION', ...statusReasonColumns(reason) },
    });
    if (held.count) await tx.auditEvent.create({ data: { tenantId, action: 'ksef.send.held', result: check.outcome, details: { count: held.count } } });
    return held.count;
  });
}

type ToSend = { id: string; invoiceSha256: string; invoice: { id: string; xml: string | null } };

async function sendOnline(db: TenantDb, tenantId: string, ctx: KsefContext, subs: ToSend[], step: (s: SendStep) => Promise<void>): Promise<number> {
  let sent = 0;
  let current: { session: OnlineSession; rowId: string; count: number } | undefined;
  const open = async () => {
    await step('before-open');
    const session = await OnlineSession.open(ctx);
    const row = await db.ksefSession.create({ data: { tenantId, kind: 'ONLINE', referenceNumber: session.referenceNumber, status: 'OPEN', openedAt: new Date() } });
    await recordAudit({ tenantId }, { action: 'ksef.session.opened', result: 'OK', ksefReference: session.referenceNumber, details: { kind: 'ONLINE', invoices: subs.length - sent } });
    await step('after-open');
    current = { session, rowId: row.id, count: 0 };
    return current;
  };
  const close = async () => {
    if (!current) return;
    const { session, rowId } = current;
    current = undefined;
    await step('before-close');
    await session.close().catch((e) => logger.warn({ err: e, session: session.referenceNumber }, 'closing online session failed'));
    await db.ksefSession.updateMany({ where: { id: rowId }, data: { status: 'CLOSED', closedAt: new Date() } });
  };
  try {
    for (const sub of subs) {
      for (let attempt = 0; ; attempt++) {
        // A session holds at most so many invoices: the next one goes into a fresh session.
        if (current && current.count >= MAX_INVOICES_PER_ONLINE_SESSION) await close();
        const { session, rowId } = current ?? (await open());
        // Linked before the call: from here on a crash means "maybe sent", resolved by hash.
        await db.ksefSubmission.updateMany({ where: { id: sub.id, status: { in: ['PREPARED', 'SENDING'] } }, data: { status: 'SENDING', sessionId: rowId } });
        await step('before-send');
        let ref: string;
        try {
          ref = (await session.send(prepareInvoice(sub.invoice.xml ?? ''))).referenceNumber;
        } catch (e) {
          if (e instanceof KsefAmbiguousSendError) break; // stays SENDING: the next run reconciles by hash
          if (e instanceof KsefPermissionError) {
            await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'PREPARED', sessionId: null } });
            throw e;
          }
          // The session is full (KSeF's cap may be lower than ours) or temporarily unavailable:
          // refused before it was taken, so the invoice goes into a new session. Refused there
          // too, it waits for the next run — it is not the invoice's fault.
          if (isSessionRefusal(e)) {
            await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'PREPARED', sessionId: null } });
            await close();
            if (attempt === 0) continue;
            throw e;
          }
          if (e instanceof KsefError && !e.retryable) {
            await rejectSubmission(db, tenantId, sub.id, sub.invoice.id, e.ksefCode, reasonOfKsefError(e), e.message);
            break;
          }
          throw e;
        }
        current!.count++;
        await step('after-send');
        await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'SUBMITTED', referenceNumber: ref } });
        await recordAudit({ tenantId }, { action: 'ksef.invoice.sent', result: 'OK', ksefReference: ref, details: { invoiceId: sub.invoice.id, session: session.referenceNumber } });
        await step('after-persist-reference');
        sent++;
        break;
      }
    }
  } finally {
    await close();
  }
  await step('after-close');
  return sent;
}

/** Splits what waits into packages within both caps, in queue order. */
export function batchPackages<T extends { invoice: { xml: string | null } }>(subs: T[], maxInvoices = MAX_INVOICES_PER_BATCH, maxBytes = MAX_BATCH_BYTES): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const sub of subs) {
    const size = Buffer.byteLength(sub.invoice.xml ?? '', 'utf8');
    if (current.length > 0 && (current.length >= maxInvoices || bytes + size > maxBytes)) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(sub);
    bytes += size;
  }
  if (current.length) out.push(current);
  return out;
}

async function sendInBatch(db: TenantDb, tenantId: string, ctx: KsefContext, subs: ToSend[], step: (s: SendStep) => Promise<void>): Promise<number> {
  const pkg = buildBatchPackage(subs.map((s) => ({ id: s.id, invoice: prepareInvoice(s.invoice.xml ?? '') })));
  await step('before-open');
  const session = await BatchSession.open(ctx, pkg);
  const sessionRow = await db.ksefSession.create({ data: { tenantId, kind: 'BATCH', referenceNumber: session.referenceNumber, status: 'OPEN', openedAt: new Date() } });
  await db.ksefSubmission.updateMany({ where: { id: { in: subs.map((s) => s.id) }, status: 'PREPARED' }, data: { status: 'SENDING', sessionId: sessionRow.id } });
  await recordAudit({ tenantId }, { action: 'ksef.session.opened', result: 'OK', ksefReference: session.referenceNumber, details: { kind: 'BATCH', invoices: subs.length } });
  await step('after-open');
  await step('before-send');
  await session.upload();
  await step('after-send');
  await step('before-close');
  await session.close();
  await db.ksefSession.updateMany({ where: { id: sessionRow.id }, data: { status: 'CLOSED', closedAt: new Date() } });
  await step('after-close');
  // Results come by hash once KSeF has processed the package; recovery does the matching.
  return subs.length;
}

/**
 * Submissions linked to a session but without a KSeF reference (a batch being processed, or a send
 * whose answer was lost): where did they end up? Matched by invoice hash.
 */
async function recoverLinkedSubmissions(db: TenantDb, ctx: KsefContext, step: (s: SendStep) => Promise<void> = async () => {}) {
  const linked = await db.ksefSubmission.findMany({ where: { status: 'SENDING' }, include: { session: true } });
  for (const sub of linked) {
    const sessionRef = sub.session?.referenceNumber;
    if (!sessionRef) {
      await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'PREPARED', sessionId: null } });
      continue;
    }
    const found = await findInvoiceByHash(ctx, sessionRef, sub.invoiceSha256);
    if (found) {
      await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'SUBMITTED', referenceNumber: found.referenceNumber } });
      await step('after-persist-reference');
      continue;
    }
    if (sub.session?.kind === 'BATCH') {
      // A closed batch still being processed lists its invoices later; an unclosed one never will.
      const s = await getSessionStatus(ctx, sessionRef);
      if (sub.session.status === 'CLOSED' && isSessionStillProcessing(s.status.code)) continue;
    }
    await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'PREPARED', sessionId: null } });
  }
  // Sessions a killed run left open: close them so KSeF finishes them (one closed already is fine).
  const open = await db.ksefSession.findMany({ where: { status: 'OPEN', kind: 'ONLINE' } });
  for (const s of open) {
    if (!s.referenceNumber) continue;
    await closeSession(ctx, 'online', s.referenceNumber).catch(() => undefined);
    await db.ksefSession.updateMany({ where: { id: s.id }, data: { status: 'CLOSED', closedAt: new Date() } });
  }
}

/** `reason` is stored for the page (a code and its parameters); `diagnostic` (English) for support only. */
async function rejectSubmission(db: TenantDb, tenantId: string, subId: string, invoiceId: string, code: unknown, reason: StatusReason, diagnostic: string) {
  await db.ksefSubmission.updateMany({ where: { id: subId }, data: { status: 'REJECTED', errorCode: code === undefined ? null : String(code), errorMessage: diagnostic } });
  await db.invoice.updateMany({ where: { id: invoiceId }, data: { status: 'REJECTED', ...statusReasonColumns(reason) } });
  await recordAudit({ tenantId }, { action: 'invoice.rejected', result: String(code ?? 'ERROR'), details: { invoiceId, reason: reason.code, params: reason.params ?? {} } });
}

/**
 * UPO polling: KSeF usually has the UPO seconds after acceptance, but not always. Each miss waits
 * twice as long (3 s … 30 min); after UPO_MAX_ATTEMPTS (about 3 h in all) we stop, and the invoice
 * shows that KSeF has not given its UPO, with „Pobierz UPO ponownie”.
 */
export const UPO_MAX_ATTEMPTS = 14;
export const upoRetryDelayMs = (attempts: number) => Math.min(3_000 * 2 ** Math.max(0, attempts - 1), 30 * 60_000);

/** Poll each submitted invoice to its final status; store the KSeF number and the UPO. */
async function finalizeSubmitted(db: TenantDb, tenantId: string, ctx: KsefContext, step: (s: SendStep) => Promise<void>, timeoutMs: number) {
  const out = { accepted: 0, rejected: 0, pending: 0, retryInMs: undefined as number | undefined };
  const deadline = Date.now() + timeoutMs;
  let delay = 200;
  for (;;) {
    await recoverLinkedSubmissions(db, ctx, step);
    const now = new Date();
    const subs = await db.ksefSubmission.findMany({
      where: { OR: [{ status: 'SUBMITTED' }, { status: 'ACCEPTED', upoXml: null, upoGaveUpAt: null, OR: [{ upoNextAttemptAt: null }, { upoNextAttemptAt: { lte: now } }] }] },
      include: { session: true },
    });
    // Work KSeF is doing right now (polled again in this run): still in a batch being processed, or
    // to be sent again by the next run, or an invoice status not final yet.
    let busy = await db.ksefSubmission.count({ where: { status: { in: ['SENDING', 'PREPARED'] } } });
    for (const sub of subs) {
      const sessionRef = sub.session?.referenceNumber;
      if (!sessionRef || !sub.referenceNumber) continue;
      if (sub.status === 'ACCEPTED') {
        await fetchUpo(db, tenantId, ctx, sub, sessionRef, sub.ksefNumber!);
        continue;
      }
      await step('before-status');
      const outcome: InvoiceOutcome = outcomeOf(await getInvoiceStatus(ctx, sessionRef, sub.referenceNumber));
      await step('after-status');
      if (outcome.state === 'pending') {
        busy++;
        continue;
      }
      if (outcome.state === 'accepted' && outcome.duplicate && !(await isOurOriginal(db, ctx, sub.invoiceSha256, outcome))) {
        const number = (await db.invoice.findUnique({ where: { id: sub.invoiceId }, select: { number: true } }))?.number ?? '';
        const reason: StatusReason = { code: 'REJECTED_FOREIGN_DUPLICATE', params: { number, ksefNumber: outcome.ksefNumber } };
        await rejectSubmission(db, tenantId, sub.id, sub.invoiceId, 'DUPLICATE_FOREIGN', reason, `KSeF holds another document under number ${number}: ${outcome.ksefNumber}`);
        out.rejected++;
        continue;
      }
      if (outcome.state === 'accepted') {
        const acquisition = outcome.status.acquisitionDate ? new Date(outcome.status.acquisitionDate) : new Date();
        await db.$transaction(async (tx) => {
          await tx.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'ACCEPTED', ksefNumber: outcome.ksefNumber, ksefAcquisitionDate: acquisition } });
          await tx.invoice.updateMany({ where: { id: sub.invoiceId }, data: { status: 'ACCEPTED', ksefNumber: outcome.ksefNumber, ksefAcquisitionDate: acquisition, ...statusReasonColumns(null) } });
          await tx.auditEvent.create({
            data: { tenantId, action: 'invoice.accepted', result: outcome.duplicate ? 'DUPLICATE_OF_ACCEPTED' : 'OK', ksefReference: outcome.ksefNumber, details: { invoiceId: sub.invoiceId } },
          });
        });
        out.accepted++;
        await fetchUpo(db, tenantId, ctx, { id: sub.id, invoiceId: sub.invoiceId, upoAttempts: 0 }, sessionRef, outcome.ksefNumber);
        continue;
      }
      // The context lost the permission while KSeF processed it. Not a defect of the invoice: hold it.
      if (isPermissionScopeRejection(outcome.status.status.code)) {
        await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { status: 'REJECTED', errorCode: String(outcome.status.status.code), errorMessage: outcome.error.message } });
        await db.invoice.updateMany({ where: { id: sub.invoiceId }, data: { status: 'WAITING_FOR_PERMISSION', ...statusReasonColumns(holdReason({ outcome: 'MISSING' })) } });
        continue;
      }
      await rejectSubmission(db, tenantId, sub.id, sub.invoiceId, outcome.status.status.code, reasonOfKsefError(outcome.error), outcome.error.message);
      out.rejected++;
    }
    // UPOs scheduled for later: not worth waiting for in this run; the job comes back when the first is due.
    const nextUpo = await db.ksefSubmission.findFirst({
      where: { status: 'ACCEPTED', upoXml: null, upoGaveUpAt: null, upoNextAttemptAt: { gt: new Date() } },
      orderBy: { upoNextAttemptAt: 'asc' },
      select: { upoNextAttemptAt: true },
    });
    const waitingUpos = nextUpo ? await db.ksefSubmission.count({ where: { status: 'ACCEPTED', upoXml: null, upoGaveUpAt: null } }) : 0;
    out.pending = busy + waitingUpos;
    out.retryInMs = busy > 0 ? 3_000 : nextUpo ? Math.max(1_000, nextUpo.upoNextAttemptAt!.getTime() - Date.now()) : undefined;
    if (busy === 0 || Date.now() > deadline) return out;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

/**
 * KSeF answers "duplicate" for any earlier invoice of this seller with the same kind and number (P_2) — also
 * one another system sent. Only an original that is provably this invoice is taken as ours: the same
 * SHA-256 listed in one of our own sessions of this company (a resend after a lost answer), or, if
 * the company granted us InvoiceRead, the original's bytes downloaded from KSeF hashing the same.
 */
async function isOurOriginal(db: TenantDb, ctx: KsefContext, ourSha256: string, outcome: Extract<InvoiceOutcome, { state: 'accepted' }>): Promise<boolean> {
  const sessionRef = outcome.originalSessionReferenceNumber;
  if (sessionRef && (await db.ksefSession.count({ where: { referenceNumber: sessionRef } })) > 0) {
    const original = await findInvoiceByHash(ctx, sessionRef, ourSha256);
    if (original?.ksefNumber === outcome.ksefNumber) return true;
  }
  try {
    return (await downloadInvoice(ctx, outcome.ksefNumber)).hash === ourSha256;
  } catch (e) {
    // No InvoiceRead, or KSeF not ready: not provable now, so not ours.
    logger.info({ err: e, ksefNumber: outcome.ksefNumber }, 'duplicate original could not be downloaded');
    return false;
  }
}

/**
 * Only KSeF's "no UPO yet" answer counts as a poll that found none. Any other failure — auth, 5xx
 * after the client's retries, a malformed answer — is thrown as it is: it is not evidence that the
 * UPO is late, so it neither spends an attempt nor can end polling; the job fails and is retried.
 */
async function fetchUpo(db: TenantDb, tenantId: string, ctx: KsefContext, sub: { id: string; invoiceId: string; upoAttempts: number }, sessionRef: string, ksefNumber: string): Promise<boolean> {
  try {
    const upo = await getInvoiceUpo(ctx, sessionRef, { ksefNumber });
    await db.ksefSubmission.updateMany({ where: { id: sub.id }, data: { upoXml: upo.xml, upoNextAttemptAt: null } });
    return true;
  } catch (e) {
    if (!isUpoNotYetAvailable(e)) throw e;
    const attempts = sub.upoAttempts + 1;
    const gaveUp = attempts >= UPO_MAX_ATTEMPTS;
    logger.info({ err: e, ksefNumber, attempts }, gaveUp ? 'UPO did not come: polling stopped' : 'UPO not available yet');
    await db.ksefSubmission.updateMany({
      where: { id: sub.id },
      data: { upoAttempts: attempts, upoNextAttemptAt: gaveUp ? null : new Date(Date.now() + upoRetryDelayMs(attempts)), upoGaveUpAt: gaveUp ? new Date() : null },
    });
    if (gaveUp) await recordAudit({ tenantId }, { action: 'invoice.upo.missing', result: 'GAVE_UP', ksefReference: ksefNumber, details: { invoiceId: sub.invoiceId, attempts } });
    return false;
  }
}

/** „Pobierz UPO ponownie”: polling starts over (an owner or accountant asks, after KSeF gave none). */
export async function resumeUpoPolling(db: TenantDb, invoiceId: string): Promise<number> {
  const r = await db.ksefSubmission.updateMany({ where: { invoiceId, status: 'ACCEPTED', upoXml: null }, data: { upoAttempts: 0, upoNextAttemptAt: null, upoGaveUpAt: null } });
  return r.count;
}
