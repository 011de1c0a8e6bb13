/**
 * Online and batch sessions against the emulator over HTTP, including faults: lost responses
 * (reconciled by hash, never sent twice), 5xx/timeouts, 429 with Retry-After, expiry and revocation
 * mid-session, duplicates (440 → original KSeF number), schema rejections.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { KsefInvoiceRejectedError, KsefPermissionError, KsefSessionExpiredError } from '@/lib/ksef/errors';
import { renderMessage, translator } from '@/lib/i18n';
import { ksefErrorMessage } from '@/lib/invoices/status-reason';
import { kodIUrl } from '@/lib/ksef/qr';
import { sendBatch } from '@/lib/ksef/sessions/batch';
import { closeSession, listSessionInvoices } from '@/lib/ksef/sessions/common';
import { isSessionOpen } from '@/lib/ksef/status-codes';
import { OnlineSession, reconcileInvoice, sendOnline } from '@/lib/ksef/sessions/online';
import { createProvider, createTenant, invoiceXml, startKsefEmulator, type KsefTestEnv, type TestProvider } from '@/tests/support/ksef-emulator';
import type { KsefContext } from '@/lib/ksef/ksef-client';

let env: KsefTestEnv;
let provider: TestProvider;
beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
});
afterAll(() => env?.close());

async function tenantCtx(p = provider, e = env): Promise<{ ctx: KsefContext; nip: string }> {
  const nip = await createTenant(e, p.nip);
  return { ctx: p.client().context(nip), nip };
}

async function countByHash(ctx: KsefContext, sessionRef: string, hash: string): Promise<number> {
  let n = 0;
  for await (const inv of listSessionInvoices(ctx, sessionRef)) if (inv.invoiceHash === hash) n++;
  return n;
}

describe('online session', () => {
  it('sends invoices, reports references as they are submitted, gets KSeF numbers and UPOs', async () => {
    const { ctx, nip } = await tenantCtx();
    const items = [1, 2, 3].map((i) => ({ id: `inv-${i}`, invoice: prepareInvoice(invoiceXml(nip)) }));
    const submitted: string[] = [];
    const report = await sendOnline(ctx, items, { onSubmitted: (item) => void submitted.push(item.id) });
    expect(submitted.sort()).toEqual(['inv-1', 'inv-2', 'inv-3']);
    expect(report.results.map((r) => r.state)).toEqual(['accepted', 'accepted', 'accepted']);
    const first = report.results[0]!;
    if (first.state !== 'accepted') throw new Error('unreachable');
    expect(first.ksefNumber).toMatch(new RegExp(`^${nip}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));

    const session = OnlineSession.resume(ctx, report.sessionReferenceNumbers[0]!, '', { key: Buffer.alloc(32), iv: Buffer.alloc(16) });
    const upo = await session.invoiceUpo({ ksefNumber: first.ksefNumber });
    expect(upo.xml).toContain(first.ksefNumber);
    const sessionUpo = await session.sessionUpo();
    expect(sessionUpo.map((u) => u.xml).join('')).toContain(first.ksefNumber);
    expect(kodIUrl({ environment: 'TEST', sellerNip: nip, issueDate: '2026-01-02', invoiceHash: items[0]!.invoice.invoiceHash })).toContain(`/invoice/${nip}/02-01-2026/`);
  });

  it('response lost after KSeF accepted the send (drop / timeout after processing): reconciled by hash, not sent twice', async () => {
    const { ctx, nip } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    for (const mode of ['drop', 'timeout'] as const) {
      const inv = prepareInvoice(invoiceXml(nip));
      await env.admin('POST', '/faults', { operation: 'POST /sessions/online/{referenceNumber}/invoices', mode, count: 1, when: 'after' });
      const fast = provider.client({ timeoutMs: 1_000 }).context(nip);
      const s = OnlineSession.resume(fast, session.referenceNumber, session.validUntil, (session as unknown as { key: { key: Buffer; iv: Buffer } }).key);
      const r = await s.send(inv);
      expect(r.reconciled).toBe(true);
      expect(await countByHash(ctx, session.referenceNumber, inv.invoiceHash)).toBe(1);
      expect((await session.waitForInvoice(r.referenceNumber)).state).toBe('accepted');
    }
    await session.close();
  });

  it('503/500 before processing: nothing registered, so it is resent once and accepted once', async () => {
    const { ctx, nip } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    const inv = prepareInvoice(invoiceXml(nip));
    await env.admin('POST', '/faults', { operation: 'POST /sessions/online/{referenceNumber}/invoices', mode: 'http503', count: 1 });
    await env.admin('POST', '/faults', { operation: 'POST /sessions/online/{referenceNumber}/invoices', mode: 'http500', count: 1 });
    const r = await session.send(inv, { reconcileWindowMs: 300 });
    expect(r.reconciled).toBe(false);
    expect(await countByHash(ctx, session.referenceNumber, inv.invoiceHash)).toBe(1);
    expect((await session.waitForInvoice(r.referenceNumber)).state).toBe('accepted');
    await session.close();
  });

  it('after a crash: reconcileInvoice finds the invoice by hash in the persisted sessions', async () => {
    const { ctx, nip } = await tenantCtx();
    const inv = prepareInvoice(invoiceXml(nip));
    const session = await OnlineSession.open(ctx);
    await session.send(inv);
    const found = await reconcileInvoice(ctx, inv.invoiceHash, [session.referenceNumber]);
    expect(found?.state).toBe('accepted');
    expect(await reconcileInvoice(ctx, prepareInvoice('<x/>').invoiceHash, [session.referenceNumber])).toBeNull();
  });

  it('a duplicate (same seller, type, P_2) counts as already accepted, with the original KSeF number', async () => {
    const { ctx, nip } = await tenantCtx();
    const xml = invoiceXml(nip, { number: `DUP/${Date.now()}` });
    const a = await sendOnline(ctx, [{ id: 'a', invoice: prepareInvoice(xml) }]);
    const b = await sendOnline(ctx, [{ id: 'b', invoice: prepareInvoice(xml) }]);
    const ra = a.results[0]!;
    const rb = b.results[0]!;
    expect(ra.state).toBe('accepted');
    expect(rb.state).toBe('accepted');
    if (ra.state !== 'accepted' || rb.state !== 'accepted') throw new Error('unreachable');
    expect(rb.duplicate).toBe(true);
    expect(rb.ksefNumber).toBe(ra.ksefNumber);
  });

  it('a schema-invalid invoice is rejected with the validator message (a code, rendered per language)', async () => {
    const { ctx, nip } = await tenantCtx();
    const broken = invoiceXml(nip).replace(/<P_2>[^<]*<\/P_2>/, '');
    const r = (await sendOnline(ctx, [{ id: 'x', invoice: prepareInvoice(broken) }])).results[0]!;
    expect(r.state).toBe('rejected');
    if (r.state !== 'rejected') throw new Error('unreachable');
    expect(r.error).toBeInstanceOf(KsefInvoiceRejectedError);
    expect(r.error.details.join(' ')).toMatch(/P_2|P_6|element/i);
    expect(r.error.reason).toBe('KSEF_INVOICE_REJECTED_DETAILS');
    expect(renderMessage(translator('pl'), ksefErrorMessage(r.error))).toMatch(/^KSeF odrzucił fakturę \(kod \d+\): .*(P_2|P_6|element)/i);
    expect(renderMessage(translator('en'), ksefErrorMessage(r.error))).toMatch(/^KSeF rejected the invoice \(code \d+\): /);
  });

  it('access token expired mid-session: the next send refreshes and goes through', async () => {
    const { ctx, nip } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    const r1 = await session.send(prepareInvoice(invoiceXml(nip)));
    await env.admin('POST', '/expire-tokens', { contextNip: nip, kind: 'access' });
    await new Promise((r) => setTimeout(r, 2100));
    const r2 = await session.send(prepareInvoice(invoiceXml(nip)));
    expect((await session.waitForInvoice(r1.referenceNumber)).state).toBe('accepted');
    expect((await session.waitForInvoice(r2.referenceNumber)).state).toBe('accepted');
    expect(ctx.client.tokens.stats.refreshes).toBeGreaterThanOrEqual(1);
  });

  it('permission revoked mid-run: later invoices are refused (permission error), earlier ones stay accepted', async () => {
    const { ctx, nip } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    const before = await session.send(prepareInvoice(invoiceXml(nip)));
    expect((await session.waitForInvoice(before.referenceNumber)).state).toBe('accepted');
    await env.admin('POST', '/revoke', { contextNip: nip, subjectNip: provider.nip });
    let refused = false;
    try {
      const after = await session.send(prepareInvoice(invoiceXml(nip)));
      const o = await session.waitForInvoice(after.referenceNumber);
      refused = o.state === 'rejected' && o.error instanceof KsefPermissionError;
    } catch (e) {
      refused = e instanceof KsefPermissionError;
    }
    expect(refused).toBe(true);
    expect((await session.invoiceStatus(before.referenceNumber)).status.code).toBe(200);
  });

  it('a close whose answer was lost is repeated, and KSeF saying the session is not open any more is success', async () => {
    const { ctx } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    await env.admin('POST', '/faults', { operation: 'POST /sessions/online/{referenceNumber}/close', mode: 'drop', count: 1, when: 'after' });
    await session.close();
    // Again by reference, as a later run closes what a killed one left open.
    await closeSession(ctx, 'online', session.referenceNumber);
    expect(isSessionOpen((await session.status()).status.code)).toBe(false);
  });

  it('sending into a closed session is a typed session error (nothing is sent)', async () => {
    const { ctx, nip } = await tenantCtx();
    const session = await OnlineSession.open(ctx);
    await session.close();
    await expect(session.send(prepareInvoice(invoiceXml(nip)))).rejects.toBeInstanceOf(KsefSessionExpiredError);
  });
});

describe('rate limits', () => {
  it('KSeF answers 429 when the client ignores the limits; Retry-After is honoured and every invoice is accepted exactly once', async () => {
    const strict = await startKsefEmulator({ rateLimits: 'production' });
    try {
      const p = await createProvider(strict);
      const nip = await createTenant(strict, p.nip);
      // Client limiter opened up on purpose, to provoke 429s.
      const client = p.client({ rateLimits: { limits: { invoiceSend: { perSecond: 1000, perMinute: 1000, perHour: 10000 } } } });
      const items = Array.from({ length: 14 }, (_, i) => ({ id: String(i), invoice: prepareInvoice(invoiceXml(nip)) }));
      const report = await sendOnline(client.context(nip), items, { concurrency: 14 });
      expect(client.http.stats.http429).toBeGreaterThan(0);
      expect(report.results.every((r) => r.state === 'accepted')).toBe(true);
      let n = 0;
      for await (const _ of listSessionInvoices(client.context(nip), report.sessionReferenceNumbers[0]!)) n++;
      expect(n).toBe(14);
    } finally {
      await strict.close();
    }
  });

  it('with the production limits modelled, the same burst draws zero 429s', async () => {
    const strict = await startKsefEmulator({ rateLimits: 'production' });
    try {
      const p = await createProvider(strict);
      const nip = await createTenant(strict, p.nip);
      const client = p.client();
      const items = Array.from({ length: 14 }, (_, i) => ({ id: String(i), invoice: prepareInvoice(invoiceXml(nip)) }));
      const report = await sendOnline(client.context(nip), items, { concurrency: 14 });
      expect(client.http.stats.http429).toBe(0);
      expect(report.results.every((r) => r.state === 'accepted')).toBe(true);
    } finally {
      await strict.close();
    }
  });
});

describe('batch session', () => {
  it('zips, splits into encrypted parts, uploads, closes and maps results back by hash', async () => {
    const { ctx, nip } = await tenantCtx();
    const items = Array.from({ length: 6 }, (_, i) => ({ id: `b${i}`, invoice: prepareInvoice(invoiceXml(nip)) }));
    let opened = '';
    const res = await sendBatch(ctx, items, { maxPartSize: 4_000, onOpened: (ref) => void (opened = ref) });
    expect(opened).toBe(res.referenceNumber);
    expect(res.status.status.code).toBe(200);
    expect(res.missing).toEqual([]);
    expect(res.results.map((r) => r.state)).toEqual(Array(6).fill('accepted'));
  });

  it('a 503 on close is retried (close is idempotent) and the batch still succeeds', async () => {
    const { ctx, nip } = await tenantCtx();
    const items = Array.from({ length: 3 }, (_, i) => ({ id: `c${i}`, invoice: prepareInvoice(invoiceXml(nip)) }));
    await env.admin('POST', '/faults', { operation: 'POST /sessions/batch/{referenceNumber}/close', mode: 'http503', count: 1 });
    const res = await sendBatch(ctx, items);
    expect(res.results.every((r) => r.state === 'accepted')).toBe(true);
  });
});
