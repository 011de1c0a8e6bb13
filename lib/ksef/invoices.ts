/**
 * Receiving invoices (pobieranie-faktur/*.md, ksef-protocol.md §9): metadata queries with paging and
 * truncation handling, download by KSeF number (hash-checked), asynchronous exports (decrypt parts,
 * unzip, `_metadata.json`), and incremental sync with the PermanentStorage high-water mark (hwm.md).
 * Date strings KSeF returns are passed back verbatim (7 fractional digits; JS Date keeps 3).
 */
import { createHash } from 'node:crypto';
import { aesDecrypt, generateSymmetricKey, sha256Base64, wrapSymmetricKey } from './crypto';
import { KsefBadRequestError, KsefProtocolError, KsefTimeoutError } from './errors';
import { unzipCapped } from './unzip-capped';
import type { KsefContext } from './ksef-client';
import { z } from 'zod';
import { invoiceMetadataSchema, parseResponse, type ExportStatus, type InvoiceMetadata } from './responses';
import type { Schema } from './types';

export type { ExportStatus, InvoiceMetadata };
export type InvoiceQueryFilters = Schema<'InvoiceQueryFilters'>;
export type SubjectType = InvoiceQueryFilters['subjectType'];

export interface MetadataPage {
  invoices: InvoiceMetadata[];
  hasMore: boolean;
  isTruncated: boolean;
  permanentStorageHwmDate?: string | null;
}

export async function queryMetadataPage(ctx: KsefContext, filters: InvoiceQueryFilters, page: { pageOffset?: number; pageSize?: number; sortOrder?: 'Asc' | 'Desc' } = {}): Promise<MetadataPage> {
  const r = await ctx.request({
    method: 'POST',
    path: '/invoices/query/metadata',
    query: { pageOffset: page.pageOffset ?? 0, pageSize: page.pageSize ?? 250, sortOrder: page.sortOrder ?? 'Asc' },
    json: filters,
    retry: 'idempotent',
  });
  return r.body;
}

function dateOf(m: InvoiceMetadata, dateType: string): string {
  const v = dateType === 'PermanentStorage' ? m.permanentStorageDate : dateType === 'Invoicing' ? m.invoicingDate : m.issueDate;
  return String(v);
}

/**
 * All invoices matching the filters, ascending, deduplicated by KSeF number. On `isTruncated` (10,000
 * per filter set) it restarts from the last returned date with page 0, as the docs prescribe
 * (open-api.json, POST /invoices/query/metadata). The HWM returned is the FIRST query's: the HWM only
 * grows, so the first value is a safe lower bound for everything that was returned.
 */
export async function* queryMetadata(ctx: KsefContext, filters: InvoiceQueryFilters, opts: { pageSize?: number } = {}): AsyncGenerator<InvoiceMetadata, { permanentStorageHwmDate?: string | null }> {
  const seen = new Set<string>();
  let f = filters;
  let pageOffset = 0;
  let hwm: string | null | undefined;
  for (;;) {
    const p = await queryMetadataPage(ctx, f, { pageOffset, pageSize: opts.pageSize });
    hwm ??= p.permanentStorageHwmDate;
    for (const inv of p.invoices) {
      if (seen.has(inv.ksefNumber)) continue;
      seen.add(inv.ksefNumber);
      yield inv;
    }
    // An empty page ends it too: past the 10,000 cap there is nothing to page to.
    if (!p.hasMore || !p.invoices.length) break;
    const last = p.invoices[p.invoices.length - 1];
    const lastDate = last ? dateOf(last, f.dateRange.dateType) : undefined;
    // Narrowing to the same `from` again would return the same page forever (≥ 10,000 invoices at one instant): page on instead.
    if (p.isTruncated && lastDate && lastDate !== f.dateRange.from) {
      f = { ...f, dateRange: { ...f.dateRange, from: lastDate } };
      pageOffset = 0;
    } else pageOffset++;
  }
  return { permanentStorageHwmDate: hwm };
}

export interface DownloadedInvoice {
  ksefNumber: string;
  xml: Buffer;
  hash: string;
}

/** The original invoice bytes; the x-ms-meta-hash header is checked against them. 21165 → KsefNotReadyError (retry later). */
export async function downloadInvoice(ctx: KsefContext, ksefNumber: string): Promise<DownloadedInvoice> {
  const r = await ctx.request({
    method: 'GET',
    path: '/invoices/ksef/{ksefNumber}',
    params: { ksefNumber },
    headers: { Accept: 'application/xml' },
    response: 'bytes',
  });
  const hash = sha256Base64(r.body);
  const expected = r.headers.get('x-ms-meta-hash');
  if (expected && expected !== hash) throw new KsefProtocolError({ message: `Invoice ${ksefNumber}: content hash does not match x-ms-meta-hash` });
  return { ksefNumber, xml: r.body, hash };
}

// --- Exports ---

export interface ExportHandle {
  referenceNumber: string;
  key: ReturnType<typeof generateSymmetricKey>;
}

export async function startExport(ctx: KsefContext, filters: InvoiceQueryFilters, opts: { onlyMetadata?: boolean } = {}): Promise<ExportHandle> {
  for (let attempt = 0; ; attempt++) {
    const key = generateSymmetricKey();
    const mfKey = await ctx.client.publicKeys.get('SymmetricKeyEncryption');
    try {
      const r = await ctx.request({
        method: 'POST',
        path: '/invoices/exports',
        json: { encryption: wrapSymmetricKey(key, mfKey), filters, onlyMetadata: opts.onlyMetadata ?? false, compressionType: 'Zip' },
        // An extra export after a lost answer costs quota but creates nothing in KSeF.
        retry: 'idempotent',
      });
      return { referenceNumber: r.body.referenceNumber, key };
    } catch (e) {
      if (attempt === 0 && e instanceof KsefBadRequestError && e.ksefCode === 21470) {
        ctx.client.publicKeys.invalidate();
        continue;
      }
      throw e;
    }
  }
}

export async function waitForExport(ctx: KsefContext, referenceNumber: string, timeoutMs = 300_000): Promise<ExportStatus> {
  const deadline = Date.now() + timeoutMs;
  let delay = 300;
  for (;;) {
    const r = await ctx.request({ method: 'GET', path: '/invoices/exports/{referenceNumber}', params: { referenceNumber } });
    if (r.body.status.code !== 100) return r.body;
    if (Date.now() > deadline) throw new KsefTimeoutError({ message: `Export ${referenceNumber} still running`, referenceNumber });
    await new Promise((res) => setTimeout(res, delay));
    delay = Math.min(delay * 2, 5_000);
  }
}

export interface ExportContent {
  metadata: InvoiceMetadata[];
  /** ksefNumber → original XML bytes (empty with onlyMetadata). */
  files: Map<string, Buffer>;
  isTruncated: boolean;
  lastPermanentStorageDate?: string | null;
  permanentStorageHwmDate?: string | null;
}

/** Downloads every part (presigned, no token), verifies both hashes, decrypts, joins by ordinal, unzips. */
/** The package's own list of what it holds: the same InvoiceMetadata as the query answers. */
const EXPORT_METADATA = z.looseObject({ invoices: z.array(invoiceMetadataSchema).optional() });

export async function downloadExport(ctx: KsefContext, handle: ExportHandle, status: ExportStatus): Promise<ExportContent> {
  if (status.status.code !== 200 || !status.package) {
    throw new KsefProtocolError({ message: `Export ${handle.referenceNumber} ended with status ${status.status.code} ${status.status.description ?? ''}`, ksefCode: status.status.code });
  }
  const pkg = status.package;
  const plain: Buffer[] = [];
  for (const part of [...pkg.parts].sort((a, b) => a.ordinalNumber - b.ordinalNumber)) {
    const r = await ctx.http.raw(part.url, { method: part.method || 'GET' });
    if (sha256Base64(r.body) !== part.encryptedPartHash) throw new KsefProtocolError({ message: `Export part ${part.ordinalNumber}: encrypted hash mismatch` });
    const dec = aesDecrypt(handle.key, r.body);
    if (createHash('sha256').update(dec).digest('base64') !== part.partHash) throw new KsefProtocolError({ message: `Export part ${part.ordinalNumber}: hash mismatch` });
    plain.push(dec);
  }
  const entries = unzipCapped(new Uint8Array(Buffer.concat(plain)));
  const files = new Map<string, Buffer>();
  let metadata: InvoiceMetadata[] = [];
  for (const [name, bytes] of entries) {
    if (name === '_metadata.json') {
      let json: unknown;
      try {
        json = JSON.parse(Buffer.from(bytes).toString('utf8'));
      } catch {
        throw new KsefProtocolError({ message: `Export ${handle.referenceNumber}: _metadata.json is not JSON` });
      }
      metadata = parseResponse(EXPORT_METADATA, json, `export ${handle.referenceNumber} _metadata.json`).invoices ?? [];
    } else if (name.endsWith('.xml')) files.set(name.slice(0, -4), Buffer.from(bytes));
  }
  return { metadata, files, isTruncated: pkg.isTruncated, lastPermanentStorageDate: pkg.lastPermanentStorageDate, permanentStorageHwmDate: pkg.permanentStorageHwmDate };
}

// --- Incremental sync (hwm.md) ---

/** The query's date range is limited to 100 days in UTC (open-api.json 2.7.1+, InvoiceQueryFilters.dateRange; 3 months before); 88 days is below both. */
export const MAX_WINDOW_MS = 88 * 24 * 3600_000;

/**
 * Filters of one incremental window from `checkpoint`: PermanentStorage dates, capped at the HWM
 * (przyrostowe-pobieranie-faktur.md), open-ended unless the checkpoint is older than the window.
 */
export function windowFilters(subjectType: SubjectType, checkpoint: string, now = Date.now()): InvoiceQueryFilters {
  const from = new Date(checkpoint).getTime();
  if (Number.isNaN(from)) throw new KsefProtocolError({ message: `Invalid sync checkpoint ${checkpoint}` });
  const to = from + MAX_WINDOW_MS < now ? new Date(from + MAX_WINDOW_MS).toISOString() : undefined;
  return { subjectType, dateRange: { dateType: 'PermanentStorage', from: checkpoint, ...(to ? { to } : {}), restrictToPermanentStorageHwmDate: true } };
}

/**
 * The end of a fully read window: the HWM, but never beyond an explicit `to` ("moment zakończenia" is
 * dateRange.to when given, przyrostowe-pobieranie-faktur.md). Without an HWM, the last returned date
 * (or no progress at all): never a point we have not seen to be complete.
 */
function windowEnd(filters: InvoiceQueryFilters, hwm: string | null | undefined, lastDate: string | undefined): string {
  const to = filters.dateRange.to ?? undefined;
  if (hwm && to) return new Date(hwm).getTime() <= new Date(to).getTime() ? hwm : to;
  return hwm ?? lastDate ?? filters.dateRange.from;
}

/** 21183: `from` is after the current HWM (nothing can be read there yet). */
const isAfterHwm = (e: unknown) => e instanceof KsefBadRequestError && Number(e.ksefCode) === 21183;

export interface SyncWindowResult {
  invoices: InvoiceMetadata[];
  /** Store this and pass it back verbatim as `checkpoint` next time. */
  nextCheckpoint: string;
  /** More is available right now (truncated or capped window): call again at once. */
  more: boolean;
}

/**
 * One incremental step for one subject type using metadata queries: PermanentStorage dates from the
 * checkpoint, capped at the HWM, so nothing new can ever appear at or before the next checkpoint.
 */
export async function syncIncremental(ctx: KsefContext, subjectType: SubjectType, checkpoint: string, opts: { pageSize?: number; maxInvoices?: number; now?: number } = {}): Promise<SyncWindowResult> {
  const filters = windowFilters(subjectType, checkpoint, opts.now);
  const invoices: InvoiceMetadata[] = [];
  const max = opts.maxInvoices ?? 10_000;
  const it = queryMetadata(ctx, filters, { pageSize: opts.pageSize });
  let hwm: string | null | undefined;
  try {
    for (;;) {
      const n = await it.next();
      if (n.done) {
        hwm = n.value.permanentStorageHwmDate;
        break;
      }
      invoices.push(n.value);
      if (invoices.length >= max) {
        // Resume from the last date read: `from` is inclusive, the repeats are deduplicated by KSeF number.
        await it.return({ permanentStorageHwmDate: null });
        return { invoices, nextCheckpoint: String(n.value.permanentStorageDate ?? checkpoint), more: true };
      }
    }
  } catch (e) {
    if (isAfterHwm(e)) return { invoices: [], nextCheckpoint: checkpoint, more: false };
    throw e;
  }
  const last = invoices.length ? String(invoices[invoices.length - 1]!.permanentStorageDate) : undefined;
  return { invoices, nextCheckpoint: windowEnd(filters, hwm, last), more: !!filters.dateRange.to };
}

/** The same step through an export (large volumes): next checkpoint per the HWM rules (truncated → last date). */
export async function syncIncrementalByExport(ctx: KsefContext, subjectType: SubjectType, checkpoint: string, opts: { now?: number } = {}): Promise<SyncWindowResult & { files: Map<string, Buffer> }> {
  const filters = windowFilters(subjectType, checkpoint, opts.now);
  let content: ExportContent;
  try {
    const handle = await startExport(ctx, filters);
    content = await downloadExport(ctx, handle, await waitForExport(ctx, handle.referenceNumber));
  } catch (e) {
    if (isAfterHwm(e)) return { invoices: [], files: new Map(), nextCheckpoint: checkpoint, more: false };
    throw e;
  }
  const last = content.metadata.length ? String(content.metadata[content.metadata.length - 1]!.permanentStorageDate) : undefined;
  const next = content.isTruncated ? (content.lastPermanentStorageDate ?? last ?? checkpoint) : windowEnd(filters, content.permanentStorageHwmDate, last);
  return { invoices: content.metadata, files: content.files, nextCheckpoint: next, more: content.isTruncated || !!filters.dateRange.to };
}

export interface FetchedInvoice {
  metadata: InvoiceMetadata;
  /** The original bytes, checked against the metadata's invoiceHash (SHA-256, base64). */
  xml: Buffer;
  hash: string;
}

export interface WindowFetch {
  invoices: FetchedInvoice[];
  nextCheckpoint: string;
  more: boolean;
  mode: 'empty' | 'single' | 'export';
}

/**
 * Up to this many invoices in a window are downloaded one by one, more through an export. GET
 * /invoices/ksef/{n} allows 16/min and 64/h (limity-api.md): 16 fit in one minute, and at the
 * recommended 15-minute cycle (4 runs/h) 4 × 16 = 64 fits the hourly budget. Above it one export (plus
 * a few status polls, 600/h) replaces up to 10,000 downloads, as limity-api.md recommends.
 */
export const SINGLE_DOWNLOAD_MAX = 16;

/**
 * One complete incremental window: a metadata query tells the volume (first page, 250), then single
 * downloads or an export bring the original XML of every invoice. Nothing is returned unless every
 * invoice's bytes matched KSeF's hash, so a caller can store them and then the checkpoint.
 * `onStep` is called before each network step (progress; tests inject crashes there).
 */
export async function fetchWindow(
  ctx: KsefContext,
  subjectType: SubjectType,
  checkpoint: string,
  opts: { singleDownloadMax?: number; now?: number; onStep?: (step: string) => void | Promise<void> } = {},
): Promise<WindowFetch> {
  const max = opts.singleDownloadMax ?? SINGLE_DOWNLOAD_MAX;
  const filters = windowFilters(subjectType, checkpoint, opts.now);
  const capped = !!filters.dateRange.to;
  await opts.onStep?.('query');
  let page: MetadataPage;
  try {
    page = await queryMetadataPage(ctx, filters, { pageSize: 250, sortOrder: 'Asc' });
  } catch (e) {
    if (isAfterHwm(e)) return { invoices: [], nextCheckpoint: checkpoint, more: false, mode: 'empty' };
    throw e;
  }
  const unique = [...new Map(page.invoices.map((m) => [m.ksefNumber, m])).values()];
  if (!page.hasMore && unique.length <= max) {
    const invoices: FetchedInvoice[] = [];
    for (const m of unique) {
      await opts.onStep?.('download');
      const d = await downloadInvoice(ctx, m.ksefNumber);
      invoices.push({ metadata: m, xml: d.xml, hash: checkedHash(m, d.xml) });
    }
    const last = unique.length ? String(unique[unique.length - 1]!.permanentStorageDate) : undefined;
    return { invoices, nextCheckpoint: windowEnd(filters, page.permanentStorageHwmDate, last), more: capped, mode: unique.length ? 'single' : 'empty' };
  }
  await opts.onStep?.('export');
  const handle = await startExport(ctx, filters);
  await opts.onStep?.('export-wait');
  const status = await waitForExport(ctx, handle.referenceNumber);
  await opts.onStep?.('export-download');
  const content = await downloadExport(ctx, handle, status);
  const invoices: FetchedInvoice[] = [];
  const seen = new Set<string>();
  for (const m of content.metadata) {
    if (seen.has(m.ksefNumber)) continue;
    seen.add(m.ksefNumber);
    const xml = content.files.get(m.ksefNumber);
    if (!xml) throw new KsefProtocolError({ message: `Export ${handle.referenceNumber}: no file for ${m.ksefNumber}` });
    invoices.push({ metadata: m, xml, hash: checkedHash(m, xml) });
  }
  const last = content.metadata.length ? String(content.metadata[content.metadata.length - 1]!.permanentStorageDate) : undefined;
  const next = content.isTruncated ? (content.lastPermanentStorageDate ?? last ?? checkpoint) : windowEnd(filters, content.permanentStorageHwmDate, last);
  return { invoices, nextCheckpoint: next, more: content.isTruncated || capped, mode: 'export' };
}

function checkedHash(m: InvoiceMetadata, xml: Buffer): string {
  const hash = sha256Base64(xml);
  if (m.invoiceHash && m.invoiceHash !== hash) throw new KsefProtocolError({ message: `Invoice ${m.ksefNumber}: content hash does not match the metadata invoiceHash` });
  return hash;
}
