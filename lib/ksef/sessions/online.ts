/**
 * Online (interactive) sessions (sesja-interaktywna.md, ksef-protocol.md §5).
 *
 * Idempotency contract (architecture.md §6, ksef-protocol.md §14.12): the app calls `prepareInvoice`
 * and persists `invoiceHash` BEFORE `send`; `onSubmitted` reports the invoice reference for the app to
 * persist. A send is repeated only after answers proving KSeF did not process it (429, 401). After an
 * ambiguous failure (timeout, 5xx, dropped connection) the session's invoice list is searched by hash
 * first; only if KSeF has no trace of it is it sent again — and should that still be a repeat, KSeF's
 * duplicate check (status 440) is reported as "accepted" with the original KSeF number.
 */
import { encryptInvoice, generateSymmetricKey, wrapSymmetricKey, type PreparedInvoice, type SymmetricKey } from '../crypto';
import { KsefAmbiguousSendError, KsefBadRequestError, KsefError, KsefSessionExpiredError, KsefTimeoutError, KsefUnavailableError } from '../errors';
import type { KsefContext } from '../ksef-client';
import {
  FORM_CODE_FA3,
  closeSession,
  findInvoiceByHash,
  outcomeOf,
  getInvoiceStatus,
  getInvoiceUpo,
  getSessionStatus,
  getSessionUpo,
  waitForInvoice,
  waitForSession,
  type FormCode,
  type InvoiceOutcome,
  type SessionInvoiceStatus,
  type Upo,
  type WaitOptions,
} from './common';

/** KSeF's default cap of invoices in one online session (limity.md); 21155 says a lower one was hit. */
export const MAX_INVOICES_PER_ONLINE_SESSION = 10_000;
export interface OpenOnlineOptions {
  formCode?: FormCode;
  signal?: AbortSignal;
}

export interface SendOptions {
  offlineMode?: boolean;
  hashOfCorrectedInvoice?: string;
  /** Attempts in total, including resends after a reconciliation found nothing. */
  maxAttempts?: number;
  /** How long to keep looking for the invoice in the session list after an ambiguous failure. */
  reconcileWindowMs?: number;
  signal?: AbortSignal;
}

export interface SendResult {
  referenceNumber: string;
  invoiceHash: string;
  sessionReferenceNumber: string;
  /** True when the reference was recovered from the session list after an ambiguous failure. */
  reconciled: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function isAmbiguous(e: unknown): boolean {
  return e instanceof KsefTimeoutError || e instanceof KsefUnavailableError;
}

export class OnlineSession {
  private constructor(
    readonly ctx: KsefContext,
    readonly referenceNumber: string,
    readonly validUntil: string,
    private readonly key: SymmetricKey,
  ) {}

  static async open(ctx: KsefContext, opts: OpenOnlineOptions = {}): Promise<OnlineSession> {
    for (let attempt = 0; ; attempt++) {
      const key = generateSymmetricKey();
      const mfKey = await ctx.client.publicKeys.get('SymmetricKeyEncryption');
      try {
        const r = await ctx.request({
          method: 'POST',
          path: '/sessions/online',
          json: { formCode: opts.formCode ?? FORM_CODE_FA3, encryption: wrapSymmetricKey(key, mfKey) },
          // A repeated open at worst leaves an empty session that KSeF cancels (440): harmless.
          retry: 'idempotent',
          signal: opts.signal,
        });
        return new OnlineSession(ctx, r.body.referenceNumber, r.body.validUntil, key);
      } catch (e) {
        if (attempt === 0 && e instanceof KsefBadRequestError && e.ksefCode === 21470) {
          ctx.client.publicKeys.invalidate(); // key rotated or withdrawn: refetch and retry once
          continue;
        }
        throw e;
      }
    }
  }

  /** Re-attach to a session opened earlier in this process (the key never leaves memory). */
  static resume(ctx: KsefContext, referenceNumber: string, validUntil: string, key: SymmetricKey): OnlineSession {
    return new OnlineSession(ctx, referenceNumber, validUntil, key);
  }

  async send(invoice: PreparedInvoice, opts: SendOptions = {}): Promise<SendResult> {
    const enc = encryptInvoice(this.key, invoice);
    const body = {
      invoiceHash: enc.invoiceHash,
      invoiceSize: enc.invoiceSize,
      encryptedInvoiceHash: enc.encryptedInvoiceHash,
      encryptedInvoiceSize: enc.encryptedInvoiceSize,
      encryptedInvoiceContent: enc.encryptedInvoiceContent,
      offlineMode: opts.offlineMode ?? false,
      ...(opts.hashOfCorrectedInvoice ? { hashOfCorrectedInvoice: opts.hashOfCorrectedInvoice } : {}),
    };
    const maxAttempts = opts.maxAttempts ?? 3;
    let lastError: unknown;
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      try {
        const r = await this.ctx.request({
          method: 'POST',
          path: '/sessions/online/{referenceNumber}/invoices',
          params: { referenceNumber: this.referenceNumber },
          json: body,
          retry: 'not-processed-only',
          signal: opts.signal,
        });
        return { referenceNumber: r.body.referenceNumber, invoiceHash: invoice.invoiceHash, sessionReferenceNumber: this.referenceNumber, reconciled: false };
      } catch (e) {
        if (!isAmbiguous(e)) throw e;
        lastError = e;
      }
      // Ambiguous: did KSeF register it? Look before any resend.
      const found = await this.reconcile(invoice.invoiceHash, opts.reconcileWindowMs ?? 3_000);
      if (found) {
        return { referenceNumber: found.referenceNumber, invoiceHash: invoice.invoiceHash, sessionReferenceNumber: this.referenceNumber, reconciled: true };
      }
    }
    throw new KsefAmbiguousSendError(invoice.invoiceHash, {
      message: `Sending invoice failed ${maxAttempts} times and KSeF has no record of it in session ${this.referenceNumber}; reconcile later by hash`,
      referenceNumber: this.referenceNumber,
      cause: lastError,
    });
  }

  /**
   * Searches this session for the invoice by hash, repeating for `windowMs` (a request that timed out
   * on our side may still be completing on KSeF's). Errors while looking are not fatal: null = not seen.
   */
  async reconcile(invoiceHash: string, windowMs = 0): Promise<SessionInvoiceStatus | null> {
    const deadline = Date.now() + windowMs;
    let delay = 300;
    for (;;) {
      try {
        const found = await findInvoiceByHash(this.ctx, this.referenceNumber, invoiceHash);
        if (found) return found;
      } catch (e) {
        if (!(e instanceof KsefError) || !e.retryable) throw e;
      }
      if (Date.now() + delay > deadline) return null;
      await sleep(delay);
      delay = Math.min(delay * 2, 2_000);
    }
  }

  close(): Promise<void> {
    return closeSession(this.ctx, 'online', this.referenceNumber);
  }

  status() {
    return getSessionStatus(this.ctx, this.referenceNumber);
  }
  invoiceStatus(invoiceReferenceNumber: string) {
    return getInvoiceStatus(this.ctx, this.referenceNumber, invoiceReferenceNumber);
  }
  waitForInvoice(invoiceReferenceNumber: string, opts?: WaitOptions): Promise<InvoiceOutcome> {
    return waitForInvoice(this.ctx, this.referenceNumber, invoiceReferenceNumber, opts);
  }
  waitUntilProcessed(opts?: WaitOptions) {
    return waitForSession(this.ctx, this.referenceNumber, opts);
  }
  invoiceUpo(ref: { invoiceReferenceNumber: string } | { ksefNumber: string }): Promise<Upo> {
    return getInvoiceUpo(this.ctx, this.referenceNumber, ref);
  }
  sessionUpo(opts?: WaitOptions): Promise<Upo[]> {
    return getSessionUpo(this.ctx, this.referenceNumber, opts);
  }
}

export interface OnlineBatchItem {
  /** Caller's id (e.g. the submission record id) echoed in callbacks and results. */
  id: string;
  invoice: PreparedInvoice;
}

export interface OnlineSendReport {
  sessionReferenceNumbers: string[];
  /**
   * `unknown`: the send stayed ambiguous after reconciliation — keep the submission open and call
   * `reconcileInvoice` later; never resend blindly. `failed`: refused before processing (e.g. 403).
   */
  results: ({ id: string } & (InvoiceOutcome | { state: 'unknown' | 'failed'; invoiceHash: string; error: KsefError }))[];
}

/**
 * Sends many invoices in online sessions (one session, rolled over if KSeF closes it), then closes
 * and waits for each invoice's final status. `onSubmitted` fires as soon as an invoice has its KSeF
 * reference, for the app to persist.
 */
export async function sendOnline(
  ctx: KsefContext,
  items: OnlineBatchItem[],
  opts: SendOptions & {
    onSubmitted?: (item: OnlineBatchItem, r: SendResult) => void | Promise<void>;
    concurrency?: number;
    wait?: WaitOptions;
    formCode?: FormCode;
  } = {},
): Promise<OnlineSendReport> {
  const sessions: OnlineSession[] = [];
  let session = await OnlineSession.open(ctx, { formCode: opts.formCode });
  sessions.push(session);
  const sent = new Map<string, SendResult & { session: OnlineSession }>();
  const failed = new Map<string, KsefError>();
  const queue = [...items];
  const worker = async () => {
    for (let item = queue.shift(); item; item = queue.shift()) {
      for (let tries = 0; ; tries++) {
        const s = session;
        try {
          const r = await s.send(item.invoice, opts);
          sent.set(item.id, { ...r, session: s });
          await opts.onSubmitted?.(item, r);
          break;
        } catch (e) {
          // Session closed/expired under us: the invoice was not accepted there, so a new session is safe.
          if (e instanceof KsefSessionExpiredError && tries < 2) {
            if (session === s) {
              session = await OnlineSession.open(ctx, { formCode: opts.formCode });
              sessions.push(session);
            }
            continue;
          }
          if (e instanceof KsefError) {
            failed.set(item.id, e);
            break;
          }
          throw e;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? 4) }, worker));
  for (const s of sessions) await s.close().catch(() => undefined);
  const results: OnlineSendReport['results'] = [];
  for (const item of items) {
    const r = sent.get(item.id);
    if (r) results.push({ id: item.id, ...(await r.session.waitForInvoice(r.referenceNumber, opts.wait)) });
    else {
      const error = failed.get(item.id)!;
      results.push({ id: item.id, state: error instanceof KsefAmbiguousSendError ? 'unknown' : 'failed', invoiceHash: item.invoice.invoiceHash, error });
    }
  }
  return { sessionReferenceNumbers: sessions.map((s) => s.referenceNumber), results };
}

/**
 * After a crash or an `unknown` result: where did this invoice end up? Searches the given sessions
 * (the app persisted their reference numbers before sending) by invoice hash.
 */
export async function reconcileInvoice(ctx: KsefContext, invoiceHash: string, sessionReferenceNumbers: string[]): Promise<InvoiceOutcome | null> {
  for (const ref of sessionReferenceNumbers) {
    const found = await findInvoiceByHash(ctx, ref, invoiceHash);
    if (found) return outcomeOf(found);
  }
  return null;
}
