/**
 * What an issued invoice offers beside its XML: the UPO as a readable PDF and a duplicate
 * (DUPLIKAT, dated the day it is issued). Who may have each, in which company, and what is logged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { KsefClient } from '@/lib/ksef';
import { setKsefClient } from '@/lib/server/ksef/gateway';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { sendTenantInvoices } from '@/lib/server/invoices/send-tenant-invoices';
import { getInvoiceDuplicatePdf, getInvoicePdf, getInvoiceUpoPdf } from '@/lib/server/invoices/render-invoice-pdf';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { extractPdfText } from '@/tests/support/pdf-text';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';
import { addMember } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;
let client: KsefClient;

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  client = provider.client();
  setKsefClient(client); // the PDF's KOD I link takes the QR host of the environment we talk to
});
afterAll(async () => {
  setKsefClient(undefined);
  await env?.close();
});

async function acceptedInvoice() {
  const t = await createIssuingTenant();
  await env.admin('POST', '/grants', { contextNip: t.nip, subjectNip: provider.nip, permissions: ['InvoiceWrite', 'InvoiceRead'] });
  const id = await issueNewInvoice(t.actor, t.buyerId);
  await sendInvoice(t.actor, id);
  await sendTenantInvoices(t.actor.tenantId, { client, statusTimeoutMs: 5_000 });
  const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
  expect(inv.status).toBe('ACCEPTED');
  return { ...t, id, number: inv.number!, ksefNumber: inv.ksefNumber! };
}

describe('the UPO as a PDF', () => {
  it('names the invoice and its KSeF number from the UPO KSeF gave; other companies get nothing', async () => {
    const a = await acceptedInvoice();
    const { pdf, fileName } = await getInvoiceUpoPdf(a.actor, a.id);
    expect(fileName).toBe(`UPO_${a.ksefNumber}.pdf`);
    const text = (await extractPdfText(pdf)).replace(/\n/g, ' ');
    expect(text).toContain(a.ksefNumber);
    expect(text).toContain(a.number);
    expect(text).toContain(`Kontekst: NIP ${a.nip}`);
    const viewer = await addMember(a.actor.tenantId, 'VIEWER');
    await expect(getInvoiceUpoPdf(viewer, a.id)).resolves.toMatchObject({ fileName });

    const other = await createIssuingTenant();
    await expect(getInvoiceUpoPdf(other.actor, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('there is none before KSeF gave a UPO', async () => {
    const t = await createIssuingTenant();
    const id = await issueNewInvoice(t.actor, t.buyerId);
    await expect(getInvoiceUpoPdf(t.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('a duplicate', () => {
  it('is dated the day it is issued in Polish time, logged with that date, and taken by accountants only', async () => {
    const a = await acceptedInvoice();
    // 23:30 UTC on 31 Dec is already 1 January in Warsaw
    const { pdf, fileName } = await getInvoiceDuplicatePdf(a.actor, a.id, new Date('2026-12-31T23:30:00Z'));
    expect(fileName).toBe(`${a.number.replaceAll('/', '_')}_DUPLIKAT_2027-01-01.pdf`);
    const text = await extractPdfText(pdf);
    expect(text).toContain('DUPLIKAT');
    expect(text).toContain('Data wystawienia duplikatu: 01.01.2027');
    expect(text).toContain(a.ksefNumber);
    const logged = await rawDb().auditEvent.findMany({ where: { tenantId: a.actor.tenantId, action: 'invoice.duplicate' } });
    expect(logged.map((e) => [e.actorUserId, e.details])).toEqual([[a.actor.userId, { invoiceId: a.id, number: a.number, issuedOn: '2027-01-01' }]]);
    // The plain PDF stays unmarked.
    expect(await extractPdfText((await getInvoicePdf(a.actor, a.id)).pdf)).not.toContain('DUPLIKAT');

    const viewer = await addMember(a.actor.tenantId, 'VIEWER');
    await expect(getInvoiceDuplicatePdf(viewer, a.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createIssuingTenant();
    await expect(getInvoiceDuplicatePdf(other.actor, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await rawDb().auditEvent.count({ where: { action: 'invoice.duplicate', details: { path: ['invoiceId'], equals: a.id } } })).toBe(1);
  });

  it('a draft has no duplicate (nothing was issued)', async () => {
    const t = await createIssuingTenant();
    const draft = await saveInvoiceDraft(t.actor, invoiceForm(t.buyerId));
    await expect(getInvoiceDuplicatePdf(t.actor, draft.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
