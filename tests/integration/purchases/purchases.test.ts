/**
 * The purchase register end to end below the UI: sellers really issue invoices to the tenant in the
 * emulator, our sync stores them, and the use cases list, show, download and mark them — with roles,
 * tenant isolation, the InvoiceRead pause, and windows older than the 3-month query limit.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { setKsefClient } from '@/lib/server/ksef/gateway';
import { checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { getPurchase } from '@/lib/server/purchases/get-purchase';
import { listPurchases } from '@/lib/server/purchases/list-purchases';
import { markPurchase } from '@/lib/server/purchases/mark-purchase';
import { getPurchasePdf, getPurchaseXml } from '@/lib/server/purchases/purchase-document';
import { getPurchaseSyncStatus, requestPurchaseSync, runPurchaseSyncJob } from '@/lib/server/purchases/request-sync';
import { syncTenantPurchases } from '@/lib/server/purchases/sync-purchases';
import { addMember, createTenantWithOwner } from '@/tests/support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '@/tests/support/ksef-emulator';
import { extractPdfText } from '@/tests/support/pdf-text';
import { createSeller, issueInvoices, purchaseInvoiceXml, type Seller } from '@/tests/support/receiving';

let env: KsefTestEnv;
let provider: TestProvider;
let seller: Seller;
let tenant: Awaited<ReturnType<typeof createTenantWithOwner>>;
const xmls: Record<string, string> = {};

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  setKsefClient(provider.client());
  seller = await createSeller(env.baseUrl);
  tenant = await createTenantWithOwner('Nabywca Zakupów Sp. z o.o.');
  await env.admin('POST', '/grants', { contextNip: tenant.nip, subjectNip: provider.nip, permissions: ['InvoiceRead'] });
  const docs = [
    purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: tenant.nip, role: 'buyer', number: 'FZ/1/2026' }),
    purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: tenant.nip, role: 'buyer', number: 'FZ/2/2026', alsoThirdParty: true }),
    purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: tenant.nip, role: 'thirdParty', number: 'FZ/3/2026' }),
    purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: tenant.nip, role: 'authorized', number: 'FZ/4/2026' }),
  ];
  const numbers = await issueInvoices(seller, docs);
  numbers.forEach((n, i) => (xmls[n] = docs[i]!));
});
afterAll(async () => {
  setKsefClient(undefined);
  await env?.close();
});

describe('purchase register', () => {
  it('"Synchronizuj" queues one run; the job stores every invoice once with all its roles', async () => {
    const first = await requestPurchaseSync(tenant.actor);
    expect(first.alreadyRunning).toBe(false);
    expect(await requestPurchaseSync(tenant.actor)).toEqual({ runId: first.runId, alreadyRunning: true });
    const report = await runPurchaseSyncJob(tenant.actor.tenantId, { runId: first.runId, client: provider.client() });
    expect(report).toMatchObject({ status: 'SUCCEEDED', created: 4 });
    const status = await getPurchaseSyncStatus(tenant.actor);
    expect(status.run).toMatchObject({ id: first.runId, status: 'SUCCEEDED', created: 4 });
    expect(status.lastSuccessAt).not.toBeNull();

    const list = await listPurchases(tenant.actor, {});
    expect(list.total).toBe(4);
    const byNumber = Object.fromEntries(list.rows.map((r) => [r.invoiceNumber, r]));
    expect(byNumber['FZ/1/2026']!.roles).toEqual(['BUYER']);
    expect([...byNumber['FZ/2/2026']!.roles].sort()).toEqual(['BUYER', 'THIRD_PARTY']);
    expect(byNumber['FZ/3/2026']!.roles).toEqual(['THIRD_PARTY']);
    expect(byNumber['FZ/4/2026']!.roles).toEqual(['AUTHORIZED']);
    // Money is exact: 1 × 19.99 @23% + 2 × 19.99 @8% → 19.99 + 39.98 net, 4.60 + 3.20 VAT.
    expect(byNumber['FZ/1/2026']!.totalGross).toBe('67.77');

    // A second sync finds nothing new.
    expect((await syncTenantPurchases(tenant.actor.tenantId, { client: provider.client(), trigger: 'MANUAL' })).created).toBe(0);
  });

  it('filters: role, seller name / NIP prefix, marks, dates; sorting', async () => {
    expect((await listPurchases(tenant.actor, { role: 'THIRD_PARTY' })).rows.map((r) => r.invoiceNumber).sort()).toEqual(['FZ/2/2026', 'FZ/3/2026']);
    expect((await listPurchases(tenant.actor, { seller: seller.nip.slice(0, 5) })).total).toBe(4);
    expect((await listPurchases(tenant.actor, { seller: 'dostawca' })).total).toBe(4);
    expect((await listPurchases(tenant.actor, { seller: 'nie ma takiego' })).total).toBe(0);
    expect((await listPurchases(tenant.actor, { from: '2000-01-01', to: '2000-12-31' })).total).toBe(0);
    expect((await listPurchases(tenant.actor, { sort: 'sellerName', dir: 'asc', page: 'x' })).query).toMatchObject({ sort: 'sellerName', page: 1 });
  });

  it('detail renders the parsed FA(3) including Podmiot3 and PodmiotUpowazniony; XML is byte-exact; PDF carries the KSeF number', async () => {
    const { rows } = await listPurchases(tenant.actor, {});
    const row3 = rows.find((r) => r.invoiceNumber === 'FZ/2/2026')!;
    const p = await getPurchase(tenant.actor, row3.id);
    expect(p.invoice?.thirdParties?.[0]?.id).toEqual({ type: 'nip', nip: tenant.nip });
    const auth = rows.find((r) => r.invoiceNumber === 'FZ/4/2026')!;
    expect((await getPurchase(tenant.actor, auth.id)).invoice?.extra?.PodmiotUpowazniony).toHaveLength(1);

    const xml = await getPurchaseXml(tenant.actor, row3.id);
    expect(Buffer.from(xml.body).equals(Buffer.from(xmls[row3.ksefNumber]!, 'utf8'))).toBe(true);
    expect(createHash('sha256').update(xml.body).digest('base64')).toBe(p.xmlSha256);

    const { pdf } = await getPurchasePdf(tenant.actor, row3.id);
    const text = await extractPdfText(pdf);
    expect(text).toContain(row3.ksefNumber);
    expect(text).toContain('FZ/2/2026');
  });

  it('marks: ACCOUNTANT sets and clears paid/booked with who and when; VIEWER may look but not mark or sync', async () => {
    const accountant = await addMember(tenant.actor.tenantId, 'ACCOUNTANT');
    const viewer = await addMember(tenant.actor.tenantId, 'VIEWER');
    const { rows } = await listPurchases(viewer, {});
    const id = rows[0]!.id;
    await markPurchase(accountant, { id, mark: 'paid', value: 'on' });
    await markPurchase(accountant, { id, mark: 'booked', value: 'on' });
    const p = await getPurchase(viewer, id);
    expect(p.paid?.by).toMatch(/accountant-/);
    expect(Date.now() - new Date(p.paid!.at).getTime()).toBeLessThan(60_000);
    expect(p.canMark).toBe(false);
    expect((await listPurchases(viewer, { paid: 'yes' })).rows.map((r) => r.id)).toEqual([id]);
    expect((await listPurchases(viewer, { booked: 'no' })).total).toBe(3);
    await markPurchase(accountant, { id, mark: 'paid', value: 'off' });
    expect((await getPurchase(viewer, id)).paid).toBeNull();

    await expect(markPurchase(viewer, { id, mark: 'paid', value: 'on' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(requestPurchaseSync(viewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(markPurchase(accountant, { id, mark: 'lost', value: 'on' })).rejects.toMatchObject({ code: 'VALIDATION', messageKey: 'purchases.errors.mark' });
  });

  it('another tenant cannot see, mark or download a received invoice', async () => {
    const other = await createTenantWithOwner('Obca Firma');
    const { rows } = await listPurchases(tenant.actor, {});
    const id = rows[0]!.id;
    expect((await listPurchases(other.actor, {})).total).toBe(0);
    await expect(getPurchase(other.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPurchaseXml(other.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getPurchasePdf(other.actor, id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(markPurchase(other.actor, { id, mark: 'paid', value: 'on' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await rawDb().receivedInvoice.findUniqueOrThrow({ where: { id } })).paidAt).toBeNull();
  });

  it('without InvoiceRead the sync pauses (live answer and stored check), and resumes once granted', async () => {
    const t = await createTenantWithOwner('Bez Odczytu Sp. z o.o.');
    await env.admin('POST', '/grants', { contextNip: t.nip, subjectNip: provider.nip, permissions: ['InvoiceWrite'] });
    await issueInvoices(seller, [purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: t.nip, role: 'buyer' })]);
    const manual = await syncTenantPurchases(t.actor.tenantId, { client: provider.client(), trigger: 'MANUAL' });
    expect(manual).toMatchObject({ status: 'PAUSED', errorCode: 'MISSING_INVOICE_READ', created: 0 });
    expect((await getPurchaseSyncStatus(t.actor)).run).toMatchObject({ status: 'PAUSED', errorCode: 'MISSING_INVOICE_READ' });

    // The stored check says InvoiceRead is missing: a scheduled run does not even call KSeF.
    await checkTenantPermissions(t.actor.tenantId, { client: provider.client() });
    const scheduled = await runPurchaseSyncJob(t.actor.tenantId, { client: provider.client() });
    expect(scheduled).toMatchObject({ status: 'PAUSED', steps: {} });

    await env.admin('POST', '/grants', { contextNip: t.nip, subjectNip: provider.nip, permissions: ['InvoiceRead'] });
    await checkTenantPermissions(t.actor.tenantId, { client: provider.client() });
    expect(await runPurchaseSyncJob(t.actor.tenantId, { client: provider.client() })).toMatchObject({ status: 'SUCCEEDED', created: 1 });
  });

  it('a checkpoint older than the 3-month query limit is walked in windows, without gaps', async () => {
    const t = await createTenantWithOwner('Stara Firma');
    await env.admin('POST', '/grants', { contextNip: t.nip, subjectNip: provider.nip, permissions: ['InvoiceRead'] });
    const numbers = await issueInvoices(seller, [
      purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: t.nip, role: 'buyer' }),
      purchaseInvoiceXml({ sellerNip: seller.nip, tenantNip: t.nip, role: 'buyer' }),
    ]);
    const r = await syncTenantPurchases(t.actor.tenantId, {
      client: provider.client(),
      trigger: 'MANUAL',
      subjectTypes: ['Subject2'],
      initialFrom: new Date(Date.now() - 200 * 86_400_000).toISOString(),
    });
    expect(r.status).toBe('SUCCEEDED');
    expect(r.windows).toBe(3);
    const stored = await rawDb().receivedInvoice.findMany({ where: { tenantId: t.actor.tenantId }, select: { ksefNumber: true } });
    expect(stored.map((s) => s.ksefNumber).sort()).toEqual([...numbers].sort());
  });
});
