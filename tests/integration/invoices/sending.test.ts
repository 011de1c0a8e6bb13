import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { KsefClient } from '@/lib/ksef';
import { queryMetadata } from '@/lib/ksef/invoices';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { sendTenantInvoices, type SendStep } from '@/lib/server/invoices/send-tenant-invoices';
import { checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { renderMessage, translator } from '@/lib/i18n';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
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

const grant = (tenantNip: string) => env.admin('POST', '/grants', { contextNip: tenantNip, subjectNip: provider.nip, permissions: ['InvoiceWrite', 'InvoiceRead'] });
const revoke = (tenantNip: string) => env.admin('POST', '/revoke', { contextNip: tenantNip, subjectNip: provider.nip });

/** Runs the pipeline until nothing is pending (as the worker would, job after job). */
async function drain(tenantId: string) {
  for (let i = 0; i < 10; i++) {
    const r = await sendTenantInvoices(tenantId, { client, statusTimeoutMs: 5_000 });
    if (r.pending === 0) return r;
  }
  throw new Error('pipeline did not settle');
}

/** KSeF numbers the emulator holds for this seller, per invoice number (P_2). */
async function ksefNumbersInKsef(tenantNip: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  const from = new Date(Date.now() - 86_400_000).toISOString();
  for await (const m of queryMetadata(client.context(tenantNip), { subjectType: 'Subject1', dateRange: { dateType: 'Invoicing', from } })) {
    out.set(m.invoiceNumber, [...(out.get(m.invoiceNumber) ?? []), m.ksefNumber]);
  }
  return out;
}

describe('sending issued invoices to KSeF', () => {
  it('sends, gets a KSeF number and acquisition date, stores the UPO, and logs each step', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const id = await issueNewInvoice(actor, buyerId);
    expect(await sendInvoice(actor, id)).toEqual({ status: 'QUEUED' });
    const report = await drain(actor.tenantId);
    expect(report.accepted).toBe(1);
    const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
    expect(inv.status).toBe('ACCEPTED');
    expect(inv.ksefNumber).toMatch(new RegExp(`^${nip}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
    expect(inv.ksefAcquisitionDate).toBeInstanceOf(Date);
    const sub = await rawDb().ksefSubmission.findFirstOrThrow({ where: { invoiceId: id, status: 'ACCEPTED' } });
    expect(sub.upoXml).toContain(inv.ksefNumber!);
    const actions = (await rawDb().auditEvent.findMany({ where: { tenantId: actor.tenantId }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invoice.issued', 'invoice.queued', 'ksef.permissions.check', 'ksef.session.opened', 'ksef.invoice.sent', 'invoice.accepted']));
    // The KSeF number in our database is the one KSeF holds for that invoice number.
    expect((await ksefNumbersInKsef(nip)).get(inv.number!)).toEqual([inv.ksefNumber]);
  });

  it('holds invoices when InvoiceWrite is missing and sends them by themselves once it is granted', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    const check = await checkTenantPermissions(actor.tenantId, { client });
    expect(check.outcome).toBe('NO_ACCESS');
    const id = await issueNewInvoice(actor, buyerId);
    // Refused before any network call: the stored check says InvoiceWrite is missing.
    expect(await sendInvoice(actor, id)).toEqual({ status: 'WAITING_FOR_PERMISSION' });
    const held = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
    // Stored: a code and its parameters, never a sentence.
    expect([held.statusReason, held.statusParams]).toEqual(['HELD_MISSING_INVOICE_WRITE', {}]);
    // Rendered from that one row in the reader's language.
    const page = await getInvoice(actor, id);
    expect(renderMessage(translator('pl'), page.statusReason!)).toBe(
      'Czeka na uprawnienia: nadaj w KSeF naszemu NIP uprawnienie „Wystawianie faktur” (InvoiceWrite) — faktura zostanie wysłana automatycznie (Ustawienia → KSeF).',
    );
    expect(renderMessage(translator('en'), page.statusReason!)).toBe(
      'Waiting for permission: in KSeF, grant our NIP the „Wystawianie faktur” (InvoiceWrite) permission — the invoice will then be sent automatically (Settings → KSeF).',
    );
    expect(await rawDb().ksefSubmission.count({ where: { invoiceId: id } })).toBe(0);

    await grant(nip);
    const after = await checkTenantPermissions(actor.tenantId, { client });
    expect(after.outcome).toBe('OK');
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status).toBe('QUEUED');
    await drain(actor.tenantId);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status).toBe('ACCEPTED');
  });

  it('a revoked grant is detected before the next batch: invoices wait, nothing is lost, and go out when granted again', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const first = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, first);
    await drain(actor.tenantId);
    await revoke(nip);
    const second = await issueNewInvoice(actor, buyerId);
    await sendInvoice(actor, second); // last check was OK: queued
    const r = await sendTenantInvoices(actor.tenantId, { client });
    expect(r.held).toBe(1);
    const waiting = await rawDb().invoice.findUniqueOrThrow({ where: { id: second } });
    expect(waiting.status).toBe('WAITING_FOR_PERMISSION');
    expect(waiting.ksefNumber).toBeNull();
    await grant(nip);
    await checkTenantPermissions(actor.tenantId, { client });
    await drain(actor.tenantId);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: second } })).status).toBe('ACCEPTED');
  });

  it('uses one batch session above the threshold', async () => {
    const { actor, nip, buyerId } = await createIssuingTenant();
    await grant(nip);
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await issueNewInvoice(actor, buyerId));
    for (const id of ids) await sendInvoice(actor, id);
    await sendTenantInvoices(actor.tenantId, { client, batchThreshold: 3 });
    await drain(actor.tenantId);
    const sessions = await rawDb().ksefSession.findMany({ where: { tenantId: actor.tenantId } });
    expect(sessions.map((s) => s.kind)).toEqual(['BATCH']);
    const invoices = await rawDb().invoice.findMany({ where: { id: { in: ids } } });
    expect(invoices.every((i) => i.status === 'ACCEPTED' && i.ksefNumber)).toBe(true);
  });
});

describe('exactly once: the worker killed at every step of sending', () => {
  const steps: SendStep[] = [
    'before-permission-check',
    'before-open',
    'after-open',
    'before-send',
    'after-send',
    'after-persist-reference',
    'before-close',
    'after-close',
    'before-status',
    'after-status',
  ];

  for (const kind of ['online', 'batch'] as const) {
    for (const at of steps) {
      it(`${kind}: killed at ${at}`, async () => {
        const { actor, nip, buyerId } = await createIssuingTenant();
        await grant(nip);
        const ids = [await issueNewInvoice(actor, buyerId), await issueNewInvoice(actor, buyerId)];
        for (const id of ids) await sendInvoice(actor, id);
        const batchThreshold = kind === 'batch' ? 2 : 100;
        let killed = false;
        await expect(
          sendTenantInvoices(actor.tenantId, {
            client,
            batchThreshold,
            onStep: (s) => {
              if (s === at && !killed) {
                killed = true;
                throw new Error(`killed at ${s}`);
              }
            },
          }),
        ).rejects.toThrow(`killed at ${at}`);
        // A new worker picks the job up again.
        for (let i = 0; i < 10; i++) if ((await sendTenantInvoices(actor.tenantId, { client, batchThreshold, statusTimeoutMs: 5_000 })).pending === 0) break;

        const invoices = await rawDb().invoice.findMany({ where: { id: { in: ids } } });
        const inKsef = await ksefNumbersInKsef(nip);
        for (const inv of invoices) {
          expect(inv.status, `${inv.number} status`).toBe('ACCEPTED');
          expect(inKsef.get(inv.number!), `${inv.number} in KSeF`).toEqual([inv.ksefNumber]);
          const accepted = await rawDb().ksefSubmission.findMany({ where: { invoiceId: inv.id, status: 'ACCEPTED' } });
          expect(accepted.map((s) => s.ksefNumber)).toEqual([inv.ksefNumber]);
        }
      });
    }
  }
});
