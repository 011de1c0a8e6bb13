/**
 * What online and batch sessions share: session and invoice status, paging over a session's invoices,
 * the invoice outcome model (440 duplicate = already accepted), and UPO downloads
 * (faktury/sesje/sesja-sprawdzenie-stanu-i-pobranie-upo.md, ksef-protocol.md §7).
 */
import { createHash } from 'node:crypto';
import { errorFromInvoiceStatus, KsefError, KsefProtocolError, KsefTimeoutError } from '../errors';
import type { KsefContext } from '../ksef-client';
import { isDuplicateInvoice, isInvoiceAccepted, isInvoicePending, isSessionNotOpenError, isSessionOpen, isSessionProcessed, isSessionStillProcessing } from '../status-codes';
import { upoSchema, parseResponse, type ParsedBody, type SessionInvoiceStatus, type SessionStatus } from '../responses';

export type { SessionInvoiceStatus, SessionStatus };
/** An invoice as the session's list gives it: always with its hash. */
export type ListedInvoice = ParsedBody<'GET /sessions/{referenceNumber}/invoices'>['invoices'][number];

export const FORM_CODE_FA3 = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' } as const;
export type FormCode = { systemCode: string; schemaVersion: string; value: string };

/**
 * Final result of one invoice. `accepted` includes a duplicate (440): KSeF already holds an invoice
 * of this seller, kind and number — which need not be this one (another system may have sent its
 * own document under that number). Whoever records the result must prove the original is theirs.
 */
export type InvoiceOutcome =
  | {
      state: 'accepted';
      ksefNumber: string;
      referenceNumber: string;
      invoiceHash?: string;
      duplicate: boolean;
      /** For a duplicate: the session the original came in. */
      originalSessionReferenceNumber?: string;
      status: SessionInvoiceStatus;
    }
  | { state: 'rejected'; referenceNumber: string; invoiceHash?: string; error: KsefError; status: SessionInvoiceStatus }
  | { state: 'pending'; referenceNumber: string; invoiceHash?: string; status: SessionInvoiceStatus };

export function outcomeOf(s: SessionInvoiceStatus): InvoiceOutcome {
  const base = { referenceNumber: s.referenceNumber, invoiceHash: s.invoiceHash, status: s };
  if (isInvoiceAccepted(s.status.code) && s.ksefNumber) return { state: 'accepted', ksefNumber: s.ksefNumber, duplicate: false, ...base };
  if (isDuplicateInvoice(s.status.code)) {
    const original = s.status.extensions?.originalKsefNumber;
    const originalSession = s.status.extensions?.originalSessionReferenceNumber ?? undefined;
    if (original) return { state: 'accepted', ksefNumber: original, duplicate: true, originalSessionReferenceNumber: originalSession, ...base };
  }
  if (isInvoicePending(s.status.code)) return { state: 'pending', ...base };
  return { state: 'rejected', error: errorFromInvoiceStatus(s.status, s.referenceNumber), ...base };
}

export async function getSessionStatus(ctx: KsefContext, referenceNumber: string): Promise<SessionStatus> {
  const r = await ctx.request({ method: 'GET', path: '/sessions/{referenceNumber}', params: { referenceNumber } });
  return r.body;
}

/**
 * Closes a session (online or batch). A repeated close after a lost answer is told the session is
 * not open: if KSeF indeed no longer has it open, that is the state we wanted.
 */
export async function closeSession(ctx: KsefContext, kind: 'online' | 'batch', referenceNumber: string): Promise<void> {
  try {
    await ctx.request({
      method: 'POST',
      path: kind === 'online' ? '/sessions/online/{referenceNumber}/close' : '/sessions/batch/{referenceNumber}/close',
      params: { referenceNumber },
      response: 'none',
      retry: 'idempotent',
    });
  } catch (e) {
    if (isSessionNotOpenError(e) && !isSessionOpen((await getSessionStatus(ctx, referenceNumber)).status.code)) return;
    throw e;
  }
}

export async function getInvoiceStatus(ctx: KsefContext, sessionReferenceNumber: string, invoiceReferenceNumber: string): Promise<SessionInvoiceStatus> {
  const r = await ctx.request({
    method: 'GET',
    path: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}',
    params: { referenceNumber: sessionReferenceNumber, invoiceReferenceNumber },
  });
  return r.body;
}

/** All invoices of a session (continuation paging). */
export async function* listSessionInvoices(ctx: KsefContext, sessionReferenceNumber: string, opts: { failedOnly?: boolean; pageSize?: number } = {}): AsyncGenerator<ListedInvoice> {
  let token: string | undefined;
  do {
    const r = await ctx.request({
      method: 'GET',
      path: opts.failedOnly ? '/sessions/{referenceNumber}/invoices/failed' : '/sessions/{referenceNumber}/invoices',
      params: { referenceNumber: sessionReferenceNumber },
      query: { pageSize: opts.pageSize ?? 1000 },
      headers: token ? { 'x-continuation-token': token } : undefined,
    });
    for (const inv of r.body.invoices) yield inv;
    token = r.body.continuationToken ?? undefined;
  } while (token);
}

/** The invoice with this hash in this session, if KSeF registered it (reconciliation after an ambiguous send). */
export async function findInvoiceByHash(ctx: KsefContext, sessionReferenceNumber: string, invoiceHash: string): Promise<ListedInvoice | null> {
  for await (const inv of listSessionInvoices(ctx, sessionReferenceNumber)) {
    if (inv.invoiceHash === invoiceHash) return inv;
  }
  return null;
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  maxIntervalMs?: number;
  signal?: AbortSignal;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitForInvoice(ctx: KsefContext, sessionReferenceNumber: string, invoiceReferenceNumber: string, opts: WaitOptions = {}): Promise<InvoiceOutcome> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let delay = opts.intervalMs ?? 250;
  for (;;) {
    const o = outcomeOf(await getInvoiceStatus(ctx, sessionReferenceNumber, invoiceReferenceNumber));
    if (o.state !== 'pending' || Date.now() > deadline) return o;
    await sleep(delay);
    delay = Math.min(delay * 2, opts.maxIntervalMs ?? 5_000);
  }
}

/** Polls the session until its status is final (`acceptOpen`: or still open). */
export async function waitForSession(ctx: KsefContext, referenceNumber: string, opts: WaitOptions & { acceptOpen?: boolean } = {}): Promise<SessionStatus> {
  const deadline = Date.now() + (opts.timeoutMs ?? 300_000);
  let delay = opts.intervalMs ?? 300;
  for (;;) {
    const s = await getSessionStatus(ctx, referenceNumber);
    const c = s.status.code;
    if (!isSessionStillProcessing(c) || (opts.acceptOpen && isSessionOpen(c))) return s;
    if (Date.now() > deadline) throw new KsefTimeoutError({ message: `Session ${referenceNumber} still processing (status ${c})`, referenceNumber });
    await sleep(delay);
    delay = Math.min(delay * 2, opts.maxIntervalMs ?? 5_000);
  }
}

export interface Upo {
  xml: string;
  /** SHA-256 (Base64) reported by KSeF in x-ms-meta-hash, checked against the bytes. */
  hash?: string;
}

function checkMetaHash(bytes: Buffer, headers: Headers, what: string): string | undefined {
  const expected = headers.get('x-ms-meta-hash') ?? undefined;
  if (expected) {
    const actual = createHash('sha256').update(bytes).digest('base64');
    if (actual !== expected) throw new KsefProtocolError({ message: `${what}: content hash does not match x-ms-meta-hash` });
  }
  return expected;
}

export async function getInvoiceUpo(ctx: KsefContext, sessionReferenceNumber: string, ref: { invoiceReferenceNumber: string } | { ksefNumber: string }): Promise<Upo> {
  const r =
    'ksefNumber' in ref
      ? await ctx.request({
          method: 'GET',
          path: '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo',
          params: { referenceNumber: sessionReferenceNumber, ksefNumber: ref.ksefNumber },
          headers: { Accept: 'application/xml' },
          response: 'bytes',
        })
      : await ctx.request({
          method: 'GET',
          path: '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo',
          params: { referenceNumber: sessionReferenceNumber, invoiceReferenceNumber: ref.invoiceReferenceNumber },
          headers: { Accept: 'application/xml' },
          response: 'bytes',
        });
  return { xml: r.body.toString('utf8'), hash: checkMetaHash(r.body, r.headers, 'UPO') };
}

/** Session UPO pages (after close): presigned URLs are fetched without a token; else the API path. */
export async function getSessionUpo(ctx: KsefContext, referenceNumber: string, opts: WaitOptions = {}): Promise<Upo[]> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let s = await waitForSession(ctx, referenceNumber, opts);
  while (!s.upo?.pages?.length && isSessionProcessed(s.status.code) && Date.now() < deadline) {
    await sleep(500);
    s = await getSessionStatus(ctx, referenceNumber);
  }
  const out: Upo[] = [];
  for (const p of s.upo?.pages ?? []) {
    if (p.downloadUrl && /^https?:\/\//.test(p.downloadUrl)) {
      const r = await ctx.http.raw(p.downloadUrl, { method: 'GET' });
      const bytes = parseResponse(upoSchema, r.body, 'GET session UPO (presigned URL)');
      out.push({ xml: bytes.toString('utf8'), hash: checkMetaHash(bytes, r.headers, 'UPO') });
    } else {
      const r = await ctx.request({
        method: 'GET',
        path: '/sessions/{referenceNumber}/upo/{upoReferenceNumber}',
        params: { referenceNumber, upoReferenceNumber: p.referenceNumber },
        headers: { Accept: 'application/xml' },
        response: 'bytes',
      });
      out.push({ xml: r.body.toString('utf8'), hash: checkMetaHash(r.body, r.headers, 'UPO') });
    }
  }
  return out;
}
