import 'server-only';
import { rawDb, type ReceivedRole } from '@/lib/db/client';
import { storeReceivedInvoices, type ReceivedInvoiceRow } from '@/lib/db/received-invoices';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';
import { parseFa3 } from '@/lib/fa3/parse';
import { fetchWindow, KsefError, KsefPermissionError, type FetchedInvoice, type KsefClient, type SubjectType } from '@/lib/ksef';
import { logger } from '@/lib/logger';
import { latestPermissionCheck } from '../ksef-access/check-permissions';
import { NipUnverifiedError, tenantKsefContext } from '../ksef/gateway';

/**
 * Incremental sync of purchase invoices for one tenant (docs/receiving.md; pobieranie-faktur/hwm.md,
 * przyrostowe-pobieranie-faktur.md). Per subject type: read the checkpoint, fetch one HWM window
 * (lib/ksef fetchWindow), store its invoices idempotently, and only then move the checkpoint — in the
 * same transaction as the last stored chunk. A crash anywhere repeats at most one window; duplicates
 * are merged by KSeF number (roles are unioned).
 */

export const SUBJECT_ROLE = { Subject2: 'BUYER', Subject3: 'THIRD_PARTY', SubjectAuthorized: 'AUTHORIZED' } as const satisfies Partial<Record<SubjectType, ReceivedRole>>;
export type ReceivingSubject = keyof typeof SUBJECT_ROLE;
export const RECEIVING_SUBJECTS = Object.keys(SUBJECT_ROLE) as ReceivingSubject[];

/** KSeF 2.0 went live on 1 Feb 2026: nothing older exists there. */
const KSEF_2_START = '2026-02-01T00:00:00+01:00';
/** A new tenant starts 80 days back: one query window (≤ 3 months) covers it, and recent purchases arrive. */
const INITIAL_LOOKBACK_MS = 80 * 24 * 3600_000;
/** Invoices per transaction: big enough to be fast, small enough not to hold locks long. */
const CHUNK = 250;

export function initialCheckpoint(tenantCreatedAt: Date): string {
  const t = Math.max(tenantCreatedAt.getTime() - INITIAL_LOOKBACK_MS, new Date(KSEF_2_START).getTime());
  return new Date(t).toISOString();
}

export interface SyncOptions {
  runId?: string;
  trigger?: 'MANUAL' | 'SCHEDULED' | 'NIGHTLY';
  subjectTypes?: ReceivingSubject[];
  client?: KsefClient;
  /** Checkpoint for a subject type that has none yet (default: initialCheckpoint). */
  initialFrom?: string;
  singleDownloadMax?: number;
  /** Called before every network and storage step; tests throw here to crash the sync at step k. */
  onStep?: (step: string) => void | Promise<void>;
}

export interface SyncReport {
  runId: string;
  status: 'SUCCEEDED' | 'PAUSED' | 'FAILED';
  windows: number;
  fetched: number;
  created: number;
  steps: Record<string, number>;
  errorCode?: string;
  timings: SyncTimings;
}

export const MISSING_INVOICE_READ = 'MISSING_INVOICE_READ';
export const NIP_UNVERIFIED = 'NIP_UNVERIFIED';

export async function syncTenantPurchases(tenantId: string, opts: SyncOptions = {}): Promise<SyncReport> {
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, nip: true, createdAt: true } });
  const db = tenantDb(tenantId);
  const subjects = opts.subjectTypes ?? RECEIVING_SUBJECTS;
  const now = new Date();
  const run = opts.runId
    ? await db.syncRun.update({ where: { id: opts.runId }, data: { status: 'RUNNING', startedAt: now, heartbeatAt: now, finishedAt: null, errorCode: null, errorDetail: null } })
    : await db.syncRun.create({ data: { tenantId, trigger: opts.trigger ?? 'SCHEDULED', subjectTypes: subjects, status: 'RUNNING', startedAt: now, heartbeatAt: now } });
  const report: SyncReport = { runId: run.id, status: 'SUCCEEDED', windows: 0, fetched: 0, created: 0, steps: {}, timings: { fetchMs: 0, parseMs: 0, storeMs: 0 } };
  const progress = (phase: string) =>
    db.syncRun.update({ where: { id: run.id }, data: { phase, windows: report.windows, fetched: report.fetched, created: report.created, requests: report.steps, heartbeatAt: new Date() } });

  // The stored check already says InvoiceRead is missing: a scheduled run does not spend KSeF requests on it.
  if (opts.trigger !== 'MANUAL') {
    const check = await latestPermissionCheck(db);
    const readRow = check?.rows.find((r) => r.permission === 'InvoiceRead');
    if (check && (check.outcome === 'NO_ACCESS' || (check.outcome === 'MISSING' && readRow && !readRow.granted))) {
      return finish(db, report, 'PAUSED', MISSING_INVOICE_READ, 'The latest permission check shows no InvoiceRead');
    }
  }

  const step = async (name: string) => {
    const kind = name.split(':')[0]!;
    report.steps[kind] = (report.steps[kind] ?? 0) + 1;
    await opts.onStep?.(name);
  };
  try {
    const ctx = await tenantKsefContext(tenantId, opts.client);
    const checkpointOf = async (subjectType: ReceivingSubject) =>
      (await db.syncCheckpoint.findUnique({ where: { tenantId_subjectType: { tenantId, subjectType } }, select: { checkpoint: true } }))?.checkpoint ??
      opts.initialFrom ??
      initialCheckpoint(tenant.createdAt);
    // The next window is fetched while this one is parsed and stored: its `from` is this window's
    // nextCheckpoint, known before storing. Only the store moves a checkpoint, in order, so a crash
    // still repeats at most one window; a prefetched window of a failed run is simply dropped.
    const prefetch = (subjectType: ReceivingSubject, from: string) => {
      const window = timed(report.timings, 'fetchMs', () => fetchWindow(ctx, subjectType, from, { singleDownloadMax: opts.singleDownloadMax, onStep: step }));
      window.catch(() => {}); // awaited below; a run that fails first must not leave it unhandled
      return { subjectType, from, window };
    };
    let subjectIndex = 0;
    let next: ReturnType<typeof prefetch> | undefined = prefetch(subjects[0]!, await checkpointOf(subjects[0]!));
    while (next) {
      const { subjectType, from } = next;
      await progress(`${subjectType}:query`);
      const w = await next.window;
      report.windows++;
      report.fetched += w.invoices.length;
      // `more` with no progress would loop forever (e.g. > 10,000 invoices at one instant): stop here, the next run retries.
      if (w.more && w.nextCheckpoint !== from) next = prefetch(subjectType, w.nextCheckpoint);
      else if (++subjectIndex < subjects.length) next = prefetch(subjects[subjectIndex]!, await checkpointOf(subjects[subjectIndex]!));
      else next = undefined;
      await progress(`${subjectType}:store`);
      report.created += await storeWindow(tenantId, subjectType, w.invoices, w.nextCheckpoint, step, report.timings);
    }
    return await finish(db, report, 'SUCCEEDED');
  } catch (e) {
    if (e instanceof KsefPermissionError) return finish(db, report, 'PAUSED', MISSING_INVOICE_READ, e.message);
    if (e instanceof NipUnverifiedError) return finish(db, report, 'PAUSED', NIP_UNVERIFIED, e.message);
    const code = e instanceof KsefError ? e.code : 'UNEXPECTED';
    await finish(db, report, 'FAILED', code, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

async function finish(db: TenantDb, report: SyncReport, status: SyncReport['status'], errorCode?: string, detail?: string): Promise<SyncReport> {
  report.status = status;
  report.errorCode = errorCode;
  await db.syncRun.update({
    where: { id: report.runId },
    data: {
      status,
      phase: null,
      windows: report.windows,
      fetched: report.fetched,
      created: report.created,
      requests: report.steps,
      errorCode: errorCode ?? null,
      errorDetail: detail?.slice(0, 500) ?? null,
      finishedAt: new Date(),
      heartbeatAt: new Date(),
    },
  });
  if (status !== 'SUCCEEDED') logger.warn({ runId: report.runId, status, errorCode }, 'purchase sync did not complete');
  return report;
}

/**
 * Stores one window in chunks: new invoices are inserted, known ones get this role added (the unique
 * (tenant, KSeF number) is the dedupe); the checkpoint moves in the LAST chunk's transaction, so it
 * never runs ahead of the stored invoices. Chunk i+1 is parsed while chunk i is being written:
 * parsing is our CPU, writing is PostgreSQL's. Returns how many rows were new.
 */
async function storeWindow(
  tenantId: string,
  subjectType: ReceivingSubject,
  invoices: FetchedInvoice[],
  nextCheckpoint: string,
  step: (name: string) => Promise<void>,
  timings: SyncTimings,
): Promise<number> {
  const role = SUBJECT_ROLE[subjectType];
  const chunks = invoices.length ? Array.from({ length: Math.ceil(invoices.length / CHUNK) }, (_, i) => invoices.slice(i * CHUNK, (i + 1) * CHUNK)) : [[]];
  let created = 0;
  let writing: Promise<number> | undefined;
  for (let i = 0; i < chunks.length; i++) {
    const rows = await timed(timings, 'parseMs', () => toRows(chunks[i]!));
    if (writing) created += await writing;
    await step(`store:${i}`);
    const checkpoint = i === chunks.length - 1 ? { subjectType, value: nextCheckpoint } : undefined;
    writing = timed(timings, 'storeMs', () => storeReceivedInvoices(tenantId, role, rows, checkpoint));
    writing.catch(() => {}); // awaited in the next round or below
  }
  return created + (await writing!);
}

export interface SyncTimings {
  /** Busy time of each phase; they overlap, so their sum exceeds the wall time. */
  fetchMs: number;
  parseMs: number;
  storeMs: number;
}

async function timed<T>(timings: SyncTimings, phase: keyof SyncTimings, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    timings[phase] += performance.now() - t0;
  }
}

/** Parsing holds the CPU: give the event loop a turn this often, so the previous chunk's write goes out meanwhile. */
const PARSE_SLICE = 16;

async function toRows(chunk: FetchedInvoice[]): Promise<ReceivedInvoiceRow[]> {
  const rows: ReceivedInvoiceRow[] = [];
  for (let i = 0; i < chunk.length; i++) {
    if (i && i % PARSE_SLICE === 0) await new Promise((r) => setImmediate(r));
    rows.push(toRow(chunk[i]!));
  }
  return rows;
}

// Metadata amounts are JSON numbers with ≤ 2 decimals: String(n) is their exact decimal.
const dec = (n: unknown) => String(n ?? 0);

/** Columns for the list come from KSeF's metadata; the full model from our own parse of the bytes. */
export function toRow(f: FetchedInvoice): ReceivedInvoiceRow {
  const m = f.metadata;
  let modelJson: string | null = null;
  let parseError: string | null = null;
  try {
    modelJson = JSON.stringify(parseFa3(f.xml));
  } catch (e) {
    // Kept anyway: the bytes are the legal document; the page shows the raw XML and why it is not rendered.
    parseError = e instanceof Error ? e.message.slice(0, 500) : String(e);
  }
  return {
    ksefNumber: m.ksefNumber,
    invoiceNumber: m.invoiceNumber,
    sellerNip: m.seller.nip,
    sellerName: m.seller.name ?? '',
    buyerName: m.buyer?.name ?? null,
    issueDate: m.issueDate,
    invoiceType: String(m.invoiceType),
    currency: m.currency,
    totalNet: dec(m.netAmount),
    totalVat: dec(m.vatAmount),
    totalGross: dec(m.grossAmount),
    acquisitionDate: m.acquisitionDate ? new Date(m.acquisitionDate) : null,
    permanentStorageDate: new Date(m.permanentStorageDate),
    xml: f.xml,
    xmlSha256: f.hash,
    modelJson,
    parseError,
    metadataJson: JSON.stringify(m),
  };
}
