/**
 * Receiving invoices (pobieranie-faktur/*.md, ksef-protocol.md §9): metadata queries with paging and
 * truncation handling, download by KSeF number (hash-checked), asynchronous exports (decrypt parts,
 * unzip, `_metadata.json`), and incremental sync with the PermanentStorage high-water mark (hwm.md).
 * Date strings KSeF returns are passed back verbatim (7 fractional digits; JS Date keeps 3).
 */
import { unzipSync } from 'fflate';
import { createHash } from 'node:crypto';
import { aesDecrypt, generateSymmetricKey, sha256Base64, wrapSymmetricKey } from './crypto';
import { KsefBadRequestError, KsefProtocolError, KsefTimeoutError } from './errors';
import type { KsefContext } from './ksef-client';
import type { Schema } from './types';

export type InvoiceQueryFilters = Schema<'InvoiceQueryFilters'>;
export type InvoiceMetadata = Schema<'InvoiceMetadata'>;
export type SubjectType = InvoiceQueryFilters['subjectType'];

export interface MetadataPage {
  invoices: InvoiceMetadata[];
  hasMore: boolean;
  isTruncated: boolean;
  permanentStorageHwmDate?: string | null;
}

export async function queryMetadataPage(
  ctx: KsefContext,
  filters: InvoiceQueryFilters,
  page: { pageOffset?: number; pageSize?: number; sortOrder?: 'Asc' | 'Desc' } = {},
): Promise<MetadataPage> {
  const r = await ctx.request<Schema<'QueryInvoicesMetadataResponse'>>({
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
 * per filter set) it restarts from the last returned date with page 0, as the docs prescribe.
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
    if (!p.hasMore) break;
    if (p.isTruncated && p.invoices.length) {
      const last = p.invoices[p.invoices.length - 1]!;
      f = { ...f, dateRange: { ...f.dateRange, from: dateOf(last, f.dateRange.dateType) } };
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
  const r = await ctx.request<Buffer>({
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
      const r = await ctx.request<Schema<'ExportInvoicesResponse'>>({
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

export type ExportStatus = Schema<'InvoiceExportStatusResponse'>;

export async function waitForExport(ctx: KsefContext, referenceNumber: string, timeoutMs = 300_000): Promise<ExportStatus> {
  const deadline = Date.now() + timeoutMs;
  let delay = 300;
  for (;;) {
    const r = await ctx.request<ExportStatus>({ method: 'GET', path: '/invoices/exports/{referenceNumber}', params: { referenceNumber } });
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
  const entries = unzipSync(new Uint8Array(Buffer.concat(plain)));
  const files = new Map<string, Buffer>();
  let metadata: InvoiceMetadata[] = [];
  for (const [name, bytes] of Object.entries(entries)) {
    if (name === '_metadata.json') metadata = (JSON.parse(Buffer.from(bytes).toString('utf8')) as { invoices?: InvoiceMetadata[] }).invoices ?? [];
    else if (name.endsWith('.xml')) files.set(name.slice(0, -4), Buffer.from(bytes));
  }
  return { metadata, files, isTruncated: pkg.isTruncated, lastPermanentStorageDate: pkg.lastPermanentStorageDate, permanentStorageHwmDate: pkg.permanentStorageHwmDate };
}

// --- Incremental sync (hwm.md) ---

export interface SyncWindowResult {
  invoices: InvoiceMetadata[];
  /** Store this and pass it back verbatim as `checkpoint` next time. */
  nextCheckpoint: string;
  /** More is available right now (truncated window): call again at once. */
  more: boolean;
}

/**
 * One incremental step for one subject type using metadata queries: PermanentStorage dates from the
 * checkpoint, capped at the HWM, so nothing new can ever appear at or before the next checkpoint.
 */
export async function syncIncremental(
  ctx: KsefContext,
  subjectType: SubjectType,
  checkpoint: string,
  opts: { pageSize?: number; maxInvoices?: number } = {},
): Promise<SyncWindowResult> {
  const filters: InvoiceQueryFilters = {
    subjectType,
    dateRange: { dateType: 'PermanentStorage', from: checkpoint, restrictToPermanentStorageHwmDate: true },
  };
  const invoices: InvoiceMetadata[] = [];
  const max = opts.maxInvoices ?? 10_000;
  const it = queryMetadata(ctx, filters, { pageSize: opts.pageSize });
  let hwm: string | null | undefined;
  for (;;) {
    const n = await it.next();
    if (n.done) {
      hwm = n.value.permanentStorageHwmDate;
      break;
    }
    invoices.push(n.value);
    if (invoices.length >= max) {
      // Stop at a date boundary we fully consumed? Simpler and safe: resume from the last date (dedupe by number).
      await it.return({ permanentStorageHwmDate: null });
      return { invoices, nextCheckpoint: String(n.value.permanentStorageDate ?? checkpoint), more: true };
    }
  }
  return { invoices, nextCheckpoint: hwm ?? (invoices.length ? String(invoices[invoices.length - 1]!.permanentStorageDate) : checkpoint), more: false };
}

/** The same step through an export (large volumes): next checkpoint per hwm.md rule 2. */
export async function syncIncrementalByExport(ctx: KsefContext, subjectType: SubjectType, checkpoint: string): Promise<SyncWindowResult & { files: Map<string, Buffer> }> {
  const handle = await startExport(ctx, {
    subjectType,
    dateRange: { dateType: 'PermanentStorage', from: checkpoint, restrictToPermanentStorageHwmDate: true },
  });
  const status = await waitForExport(ctx, handle.referenceNumber);
  const content = await downloadExport(ctx, handle, status);
  const next = content.isTruncated ? content.lastPermanentStorageDate : content.permanentStorageHwmDate;
  return { invoices: content.metadata, files: content.files, nextCheckpoint: next ?? checkpoint, more: content.isTruncated };
}
