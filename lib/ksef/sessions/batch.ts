/**
 * Batch sessions for large volumes (sesja-wsadowa.md, ksef-protocol.md §6): zip the invoices, hash
 * the archive, split it byte-wise into parts, encrypt each part with the session key, hash each
 * encrypted part, open, upload each part to its presigned URL (no token, exact method and headers),
 * close, poll, and map the per-invoice results back by invoice hash.
 */
import { zipSync } from 'fflate';
import { aesEncrypt, generateSymmetricKey, sha256Base64, wrapSymmetricKey, type PreparedInvoice } from '../crypto';
import { KsefBadRequestError, KsefConfigError } from '../errors';
import type { KsefContext } from '../ksef-client';
import type { ParsedBody } from '../responses';
import {
  FORM_CODE_FA3,
  closeSession,
  getSessionUpo,
  listSessionInvoices,
  outcomeOf,
  waitForSession,
  type FormCode,
  type InvoiceOutcome,
  type SessionStatus,
  type Upo,
  type WaitOptions,
} from './common';

/** KSeF limits: ≤ 50 parts; ≤ 100 MB per part after encryption padding (21157, §14.13). */
export const MAX_PARTS = 50;
/** ≤ 10,000 invoices and ≤ 5 GB (before compression) in one batch package (limity.md). */
export const MAX_INVOICES_PER_BATCH = 10_000;
export const MAX_BATCH_BYTES = 5_000_000_000;
export const MAX_ENCRYPTED_PART = 100_000_000;

export interface BatchItem {
  id: string;
  invoice: PreparedInvoice;
  /** File name inside the archive (≤ 128 chars); defaults to `<id>.xml`. */
  fileName?: string;
}

export interface BatchPackage {
  archive: Uint8Array;
  fileSize: number;
  fileHash: string;
  parts: { ordinalNumber: number; bytes: Buffer; fileSize: number; fileHash: string }[];
  key: ReturnType<typeof generateSymmetricKey>;
  byHash: Map<string, BatchItem>;
}

/** Everything computed locally before the network, so the app can persist the package hashes first. */
export function buildBatchPackage(items: BatchItem[], opts: { maxPartSize?: number } = {}): BatchPackage {
  if (items.length === 0) throw new KsefConfigError('A batch needs at least one invoice');
  const files: Record<string, Uint8Array> = {};
  const byHash = new Map<string, BatchItem>();
  for (const it of items) {
    const name = it.fileName ?? `${it.id}.xml`;
    if (files[name]) throw new KsefConfigError(`Duplicate file name in batch: ${name}`);
    files[name] = it.invoice.xml;
    byHash.set(it.invoice.invoiceHash, it);
  }
  const archive = zipSync(files, { level: 6 });
  // Plaintext part size such that the encrypted part (PKCS#7 adds 1..16 bytes) stays within the limit.
  const maxPlain = Math.min(opts.maxPartSize ?? MAX_ENCRYPTED_PART - 16, MAX_ENCRYPTED_PART - 16);
  const count = Math.ceil(archive.length / maxPlain);
  if (count > MAX_PARTS) throw new KsefConfigError(`Batch archive needs ${count} parts; KSeF allows ${MAX_PARTS}`);
  const key = generateSymmetricKey();
  const parts = [];
  for (let i = 0; i < count; i++) {
    const enc = aesEncrypt(key, archive.subarray(i * maxPlain, Math.min(archive.length, (i + 1) * maxPlain)));
    parts.push({ ordinalNumber: i + 1, bytes: enc, fileSize: enc.length, fileHash: sha256Base64(enc) });
  }
  return { archive, fileSize: archive.length, fileHash: sha256Base64(archive), parts, key, byHash };
}

export interface BatchResult {
  referenceNumber: string;
  status: SessionStatus;
  results: ({ id: string } & InvoiceOutcome)[];
  /** Items KSeF did not report at all (e.g. the whole package failed verification). */
  missing: string[];
}

export class BatchSession {
  private constructor(
    readonly ctx: KsefContext,
    readonly referenceNumber: string,
    readonly pkg: BatchPackage,
    private readonly uploads: ParsedBody<'POST /sessions/batch'>['partUploadRequests'],
  ) {}

  static async open(ctx: KsefContext, pkg: BatchPackage, opts: { formCode?: FormCode; offlineMode?: boolean } = {}): Promise<BatchSession> {
    for (let attempt = 0; ; attempt++) {
      const mfKey = await ctx.client.publicKeys.get('SymmetricKeyEncryption');
      try {
        const r = await ctx.request({
          method: 'POST',
          path: '/sessions/batch',
          json: {
            formCode: opts.formCode ?? FORM_CODE_FA3,
            batchFile: {
              fileSize: pkg.fileSize,
              fileHash: pkg.fileHash,
              compressionType: 'Zip',
              fileParts: pkg.parts.map((p) => ({ ordinalNumber: p.ordinalNumber, fileSize: p.fileSize, fileHash: p.fileHash })),
            },
            encryption: wrapSymmetricKey(pkg.key, mfKey),
            offlineMode: opts.offlineMode ?? false,
          },
          // A repeated open leaves an unused session that KSeF cancels (440): harmless.
          retry: 'idempotent',
        });
        return new BatchSession(ctx, r.body.referenceNumber, pkg, r.body.partUploadRequests);
      } catch (e) {
        if (attempt === 0 && e instanceof KsefBadRequestError && e.ksefCode === 21470) {
          ctx.client.publicKeys.invalidate();
          continue;
        }
        throw e;
      }
    }
  }

  /** Uploads every part to its presigned URL; parts go in parallel (uploads are not rate-limited). */
  async upload(concurrency = 4): Promise<void> {
    const queue = [...this.uploads];
    const run = async () => {
      for (let u = queue.shift(); u; u = queue.shift()) {
        const part = this.pkg.parts.find((p) => p.ordinalNumber === u!.ordinalNumber);
        if (!part) throw new KsefConfigError(`KSeF asked for unknown part ${u.ordinalNumber}`);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(u.headers ?? {})) if (v != null) headers[k] = v;
        // Same bytes to the same URL: repeating an upload is idempotent.
        await this.ctx.http.raw(u.url, { method: u.method || 'PUT', headers, body: part.bytes, retry: 'idempotent' });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length || 1) }, run));
  }

  close(): Promise<void> {
    return closeSession(this.ctx, 'batch', this.referenceNumber);
  }

  /** Waits for processing, then maps each invoice's status back to the caller's item by hash. */
  async results(opts: WaitOptions = {}): Promise<BatchResult> {
    const status = await waitForSession(this.ctx, this.referenceNumber, opts);
    const seen = new Map<string, InvoiceOutcome>();
    for await (const inv of listSessionInvoices(this.ctx, this.referenceNumber)) seen.set(inv.invoiceHash, outcomeOf(inv));
    const results: BatchResult['results'] = [];
    const missing: string[] = [];
    for (const [hash, item] of this.pkg.byHash) {
      const o = seen.get(hash);
      if (o) results.push({ id: item.id, ...o });
      else missing.push(item.id);
    }
    return { referenceNumber: this.referenceNumber, status, results, missing };
  }

  sessionUpo(opts?: WaitOptions): Promise<Upo[]> {
    return getSessionUpo(this.ctx, this.referenceNumber, opts);
  }
}

/** The whole batch flow in one call. */
export async function sendBatch(
  ctx: KsefContext,
  items: BatchItem[],
  opts: { maxPartSize?: number; formCode?: FormCode; offlineMode?: boolean; wait?: WaitOptions; onOpened?: (referenceNumber: string) => void | Promise<void> } = {},
): Promise<BatchResult> {
  const pkg = buildBatchPackage(items, opts);
  const s = await BatchSession.open(ctx, pkg, opts);
  await opts.onOpened?.(s.referenceNumber);
  await s.upload();
  await s.close();
  return s.results(opts.wait);
}
