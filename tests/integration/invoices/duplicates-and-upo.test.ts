/**
 * What KSeF says is recorded exactly: a 440 duplicate is ours only when provably ours, and a UPO
 * that does not come is polled less and less often and then shown, never polled forever.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { KsefUnavailableError, OnlineSession, type KsefClient } from '@/lib/ksef';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { retryUpo } from '@/lib/server/invoices/retry-upo';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { renderMessage, translator } from '@/lib/i18n';
import { batchPackages, sendTenantInvoices, UPO_MAX_ATTEMPTS, upoRetryDelayMs } from '@/lib/server/invoices/send-tenant-invoices';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
import { addMember, createTenantWithOwner } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;
let client: KsefClient;

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  client = provider.client();
});
afterAll(async () => env?.close());

const grant = (nip: string, permissions = ['InvoiceWrite', 'InvoiceRead']) => env.admin('POST', '/grants', { contextNip: nip, subjectNip: provider.nip, permissions });
const run = (tenantId: string) => sendTenantInvoices(tenantId, { client, statusTimeoutMs: 5_000 });
const invoiceOf = (id: string) => rawDb().invoice.findUniqueOrThrow({ where: { id } });
const submissionOf = (invoiceId: string) => rawDb().ksefSubmission.findFirstOrThrow({ where: { invoiceId }, orderBy: { createdAt: 'desc' } });

/** Another system (the company's old software) sends its own document under our next number. */
async function sendForeignInvoice(nip: string, ourXml: string) {
  const foreignXml = ourXml.replace(/<P_15>[^<]+<\/P_15>/, '<P_15>99999.00</P_15>');
  expect(foreignXml).not.toBe(ourXml);
  const session = await OnlineSession.open(client.context(nip));
  const r = await session.send(prepareInvoice(foreignXml));
  const outcome = await session.waitForInvoice(r.referenceNumber);
  await session.close();
  if (outcome.state !== 'accepted') throw new Error('the foreign invoice was not accepted');
  return outcome.ksefNumber;
}

describe('KSeF duplicates (440)', () => {
  for (const permissions of [['InvoiceWrite', 'InvoiceRead'], ['InvoiceWrite']]) {
    it(`a foreign document under our number is not taken for ours (granted: ${permissions.join(' + ')})`, async () => {
      const { actor, nip, buyerId } = await createIssuingTenant();
      await grant(nip, permissions);
      const id = await issueNewInvoice(actor, buyerId);
      const ours = await invoiceOf(id);
      const foreignKsefNumber = await sendForeignInvoice(nip, ours.xml!);

      await sendInvoice(actor, id);
      const report = await run(actor.tenantId);
      expect(report).toMatchObject({ accepted: 0, rejected: 1, pending: 0 });
      const inv = await invoiceOf(id);
      expect(inv.status).toBe('REJECTED');
      expect(inv.ksefNumber).toBeNull();
      expect([inv.statusReason, inv.statusParams]).toEqual(['REJECTED_FOREIGN_DUPLICATE', { number: ours.number, ksefNumber: foreignKsefNumber }]);
      const shown = (await getInvoice(actor, id)).statusReason!;
      expect(renderMessage(translator('pl'), shown)).toMatch(new RegExp(`o numerze ${ours.number} \\(numer KSeF ${foreignKsefNumber}\\).*wystaw ponownie pod nowym numerem`));
      expect(renderMessage(translator('en'), shown)).toMatch(new RegExp(`numbered ${ours.number} \\(KSeF number ${foreignKsefNumber}\\).*issue it again under a new number`));
      expect(await submissionOf(id)).toMatchObject({ status: 'REJECTED', errorCode: 'DUPLICATE_FOREIGN', ksefNumber: null });
    });
  }

  it('our own invoice sent again after our record of it was lost is recognised by its hash in our session', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip, ['InvoiceWrite']); // no InvoiceRead: the proof must come from our own session
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    await run(actor.tenantId);
    const first = await invoiceOf(id);
    expect(first.status).toBe('ACCEPTED');

    // As if the answer had been lost: the submission is back to "not sent" and goes out again.
    const sub = await submissionOf(id);
    await rawDb().ksefSubmission.update({ where: { id: sub.id }, data: { status: 'PREPARED', sessionId: null, referenceNumber: null, ksefNumber: null, upoXml: null } });
    await rawDb().invoice.update({ where: { id }, data: { status: 'SENDING', ksefNumber: null } });
    const report = await run(actor.tenantId);
    expect(report).toMatchObject({ sent: 1, accepted: 1, rejected: 0 });
    const again = await invoiceOf(id);
    expect(again).toMatchObject({ status: 'ACCEPTED', ksefNumber: first.ksefNumber });
    const audit = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: actor.tenantId, action: 'invoice.accepted', result: 'DUPLICATE_OF_ACCEPTED' } });
    expect(audit.ksefReference).toBe(first.ksefNumber);
  });
});

describe('a UPO that does not come', () => {
  it('is polled with growing pauses, then shown as missing; „Pobierz UPO ponownie” starts over', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    // KSeF's own answer while the UPO is not generated yet (400, 21178).
    await env.admin('POST', '/faults', { operation: 'sessions.invoice.upoByKsef', mode: 'upo-not-ready', count: 10_000, when: 'before' });
    try {
      const id = await issueNewInvoice(actor, buyerId);
      await sendInvoice(actor, id);
      /** The poll after the n-th miss is due delay(n) after that miss (the miss lies within the run). */
      const expectNextPoll = (sub: { upoNextAttemptAt: Date | null }, n: number, t0: number, t1: number) => {
        expect(sub.upoNextAttemptAt!.getTime()).toBeGreaterThanOrEqual(t0 + upoRetryDelayMs(n));
        expect(sub.upoNextAttemptAt!.getTime()).toBeLessThanOrEqual(t1 + upoRetryDelayMs(n));
      };
      let t0 = Date.now();
      const r1 = await run(actor.tenantId);
      expect(r1).toMatchObject({ accepted: 1, pending: 1 });
      expect((await invoiceOf(id)).status).toBe('ACCEPTED');
      let sub = await submissionOf(id);
      expect(sub.upoAttempts).toBe(1);
      expectNextPoll(sub, 1, t0, Date.now());
      // The next run is due when the UPO poll is, not in a tight loop.
      expect(r1.retryInMs).toBeGreaterThan(0);
      expect(r1.retryInMs).toBeLessThanOrEqual(upoRetryDelayMs(1));
      // A run before the poll is due asks KSeF nothing about it.
      expect(await run(actor.tenantId)).toMatchObject({ pending: 1 });
      expect((await submissionOf(id)).upoAttempts).toBe(1);

      // Time passes (the due time moves to now): each miss doubles the pause.
      await rawDb().ksefSubmission.update({ where: { id: sub.id }, data: { upoNextAttemptAt: new Date() } });
      t0 = Date.now();
      const r2 = await run(actor.tenantId);
      sub = await submissionOf(id);
      expect(sub.upoAttempts).toBe(2);
      expectNextPoll(sub, 2, t0, Date.now());
      expect(r2.retryInMs).toBeLessThanOrEqual(upoRetryDelayMs(2));
      expect(upoRetryDelayMs(2)).toBe(2 * upoRetryDelayMs(1));
      expect(upoRetryDelayMs(40)).toBe(30 * 60_000);
      expect((await getInvoice(actor, id)).upoState).toBe('WAITING');

      // The budget runs out: polling stops, the invoice says so, and nothing re-polls it.
      await rawDb().ksefSubmission.update({ where: { id: sub.id }, data: { upoAttempts: UPO_MAX_ATTEMPTS - 1, upoNextAttemptAt: new Date() } });
      const r3 = await run(actor.tenantId);
      expect(r3).toMatchObject({ pending: 0 });
      expect(r3.retryInMs).toBeUndefined();
      sub = await submissionOf(id);
      expect(sub.upoGaveUpAt).toBeInstanceOf(Date);
      const page = await getInvoice(actor, id);
      expect([page.status, page.upoState, page.upoAttempts, page.hasUpo]).toEqual(['ACCEPTED', 'MISSING', UPO_MAX_ATTEMPTS, false]);
      expect(await rawDb().auditEvent.count({ where: { tenantId: actor.tenantId, action: 'invoice.upo.missing' } })).toBe(1);

      await env.admin('DELETE', '/faults');
      await retryUpo(actor, id);
      expect(await run(actor.tenantId)).toMatchObject({ pending: 0 });
      const done = await getInvoice(actor, id);
      expect([done.hasUpo, done.upoState]).toEqual([true, null]);
      await expect(retryUpo(actor, id)).rejects.toMatchObject({ code: 'CONFLICT' });
    } finally {
      await env.admin('DELETE', '/faults');
    }
  });

  it('any other failure is not "not ready yet": a 5xx after the retries fails the run as itself and spends no attempt', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    await env.admin('POST', '/faults', { operation: 'sessions.invoice.upoByKsef', mode: 'http500', count: 10_000, when: 'before' });
    try {
      // Accepted in this run; the UPO call fails with KSeF's 500 on every retry: the run throws it.
      const failed = await run(actor.tenantId).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(KsefUnavailableError);
      expect(failed).toMatchObject({ httpStatus: 500 });
      expect((await invoiceOf(id)).status).toBe('ACCEPTED');
      // Not a poll that found nothing: no attempt spent, nothing scheduled, never given up on.
      expect(await submissionOf(id)).toMatchObject({ status: 'ACCEPTED', upoXml: null, upoAttempts: 0, upoNextAttemptAt: null, upoGaveUpAt: null });
      await expect(run(actor.tenantId)).rejects.toBeInstanceOf(KsefUnavailableError);
      expect((await submissionOf(id)).upoAttempts).toBe(0);
      expect((await getInvoice(actor, id)).upoState).toBe('WAITING');
    } finally {
      await env.admin('DELETE', '/faults');
    }
    // KSeF answers again: the next run fetches the UPO.
    expect(await run(actor.tenantId)).toMatchObject({ pending: 0 });
    expect((await submissionOf(id)).upoXml).toContain('<');
  });
});

describe('KSeF session limits', () => {
  it('a session that is full (21155) is closed and the rest go out in a new one; nothing is rejected', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    // The context's own session limit, set as TEST allows (testdata/limits): 2 invoices per online session.
    await client.context(nip).request({
      method: 'POST',
      path: '/testdata/limits/context/session',
      json: {
        onlineSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 2 },
        batchSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10000 },
        collectiveIdentifier: { maxInvoices: 500 }, // required since API 2.7
      },
      response: 'none',
    });
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await issueNewInvoice(actor, buyerId);
      await sendInvoice(actor, id);
      ids.push(id);
    }
    let report = await sendTenantInvoices(actor.tenantId, { client, statusTimeoutMs: 5_000, batchThreshold: 100 });
    for (let i = 0; report.pending > 0 && i < 5; i++) report = await run(actor.tenantId);
    const invoices = await rawDb().invoice.findMany({ where: { id: { in: ids } } });
    expect(invoices.map((i) => i.status)).toEqual(ids.map(() => 'ACCEPTED'));
    expect(new Set(invoices.map((i) => i.ksefNumber)).size).toBe(5);
    expect(await rawDb().ksefSession.count({ where: { tenantId: actor.tenantId, kind: 'ONLINE' } })).toBe(3);
    expect(await rawDb().ksefSession.count({ where: { tenantId: actor.tenantId, status: 'OPEN' } })).toBe(0);
  });
});

describe('batch packages within their caps', () => {
  it('more than one package holds goes out in several batch sessions, every invoice accepted once', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      const id = await issueNewInvoice(actor, buyerId);
      await sendInvoice(actor, id);
      ids.push(id);
    }
    const first = await sendTenantInvoices(actor.tenantId, { client, statusTimeoutMs: 10_000, batchThreshold: 2, batchMaxInvoices: 3 });
    expect(first.sent).toBe(7);
    for (let i = 0; i < 10 && (await rawDb().invoice.count({ where: { id: { in: ids }, status: 'ACCEPTED' } })) < 7; i++) await run(actor.tenantId);
    const invoices = await rawDb().invoice.findMany({ where: { id: { in: ids } } });
    expect(invoices.map((i) => i.status)).toEqual(ids.map(() => 'ACCEPTED'));
    expect(new Set(invoices.map((i) => i.ksefNumber)).size).toBe(7);
    expect(await rawDb().ksefSession.count({ where: { tenantId: actor.tenantId, kind: 'BATCH' } })).toBe(3);
    expect(await rawDb().ksefSubmission.count({ where: { invoiceId: { in: ids } } })).toBe(7);
  });

  it('splits by count and by bytes, in queue order', () => {
    const sub = (n: number, size: number) => ({ n, invoice: { xml: 'x'.repeat(size) } });
    const subs = [sub(1, 40), sub(2, 40), sub(3, 40), sub(4, 100), sub(5, 1)];
    expect(batchPackages(subs, 2, 1_000).map((p) => p.map((s) => s.n))).toEqual([[1, 2], [3, 4], [5]]);
    expect(batchPackages(subs, 10, 100).map((p) => p.map((s) => s.n))).toEqual([[1, 2], [3], [4], [5]]);
    expect(batchPackages([], 10, 100)).toEqual([]);
  });
});

describe('a session temporarily unavailable (21184)', () => {
  it('opens a new session and goes on; refused twice, the invoice waits for the next run and is never rejected', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const id = await issueNewInvoice(actor, buyerId);
      await sendInvoice(actor, id);
      ids.push(id);
    }
    try {
      await env.admin('POST', '/faults', { operation: 'sessions.online.send', mode: 'session-unavailable', count: 1, when: 'before' });
      expect((await sendTenantInvoices(actor.tenantId, { client, statusTimeoutMs: 5_000, batchThreshold: 100 })).sent).toBe(3);
      expect(await rawDb().ksefSession.count({ where: { tenantId: actor.tenantId, kind: 'ONLINE' } })).toBe(2);

      const late = await issueNewInvoice(actor, buyerId);
      await sendInvoice(actor, late);
      await env.admin('POST', '/faults', { operation: 'sessions.online.send', mode: 'session-unavailable', count: 2, when: 'before' });
      const refused = await sendTenantInvoices(actor.tenantId, { client, statusTimeoutMs: 5_000, batchThreshold: 100 }).catch((e) => e);
      expect(refused).toMatchObject({ ksefCode: 21184 });
      expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: late } })).status).toBe('SENDING');
      expect(await rawDb().ksefSubmission.findFirstOrThrow({ where: { invoiceId: late } })).toMatchObject({ status: 'PREPARED', sessionId: null });
      ids.push(late);
      for (let i = 0; i < 5 && (await rawDb().invoice.count({ where: { id: { in: ids }, status: 'ACCEPTED' } })) < 4; i++) await run(actor.tenantId);
      expect((await rawDb().invoice.findMany({ where: { id: { in: ids } } })).map((i) => i.status)).toEqual(ids.map(() => 'ACCEPTED'));
    } finally {
      await env.admin('DELETE', '/faults');
    }
  });
});

describe('KSeF unreachable at the permission check before sending', () => {
  it('keeps the invoices queued with the reason and comes back, instead of holding them for a permission nobody will grant', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    try {
      await env.admin('POST', '/faults', { operation: 'POST /permissions/query/personal/grants', mode: 'http503', count: 50, when: 'before' });
      const report = await sendTenantInvoices(actor.tenantId, { client, statusTimeoutMs: 2_000 });
      expect(report).toMatchObject({ sent: 0, held: 0, pending: 1, retryInMs: 30_000 });
      const inv = await invoiceOf(id);
      expect(inv.status).toBe('QUEUED');
      expect(inv.statusReason).toBe('QUEUED_KSEF_UNREACHABLE');
    } finally {
      await env.admin('DELETE', '/faults');
    }
    await run(actor.tenantId);
    expect((await invoiceOf(id)).status).toBe('ACCEPTED');
  });
});

describe('„Pobierz UPO ponownie” is for the company’s own accountants and owners', () => {
  it('a viewer is refused, another company finds no such invoice, and nothing changes', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const id = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, id);
    await run(actor.tenantId);
    const sub = await submissionOf(id);
    await rawDb().ksefSubmission.update({ where: { id: sub.id }, data: { upoXml: null, upoAttempts: UPO_MAX_ATTEMPTS, upoGaveUpAt: new Date() } });
    const viewer = await addMember(actor.tenantId, 'VIEWER');
    await expect(retryUpo(viewer, id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createTenantWithOwner('Obca Sp. z o.o.');
    await expect(retryUpo(other.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await submissionOf(id)).toMatchObject({ upoAttempts: UPO_MAX_ATTEMPTS, upoGaveUpAt: expect.any(Date) });
  });
});
