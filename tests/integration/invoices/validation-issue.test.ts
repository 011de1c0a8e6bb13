import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { setOwnCertificateAllowed } from '@/lib/server/admin/set-own-certificate-allowed';
import { AppError } from '@/lib/server/errors';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { issueInvoice } from '@/lib/server/invoices/issue-invoice';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { fieldErrors } from '@/lib/server/validation';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';

/** What issuing a draft reports per field (as the action shows it), or 'issued'. */
async function issueErrors(actor: Parameters<typeof issueInvoice>[0], id: string) {
  try {
    await issueInvoice(actor, id);
    return 'issued';
  } catch (e) {
    if (e instanceof z.ZodError) return fieldErrors(e);
    if (e instanceof AppError) return e.fieldErrors ?? { [e.field ?? '_form']: e.messageKey };
    throw e;
  }
}

const lines = [
  { name: 'Usługa programistyczna', quantity: '10', unit: 'h', unitPrice: '150,00', vatRate: '23' },
  { name: 'Książka „Żółć”', quantity: '2', unit: 'szt.', unitPrice: '39.90', vatRate: '5' },
  { name: 'Dostawa', quantity: '1', unit: 'usł.', unitPrice: '100', vatRate: '23' },
];
const withLine = (index: number, change: Record<string, string>) => lines.map((l, i) => (i === index ? { ...l, ...change } : l));

describe('a negative regular invoice is refused before it takes a number', () => {
  it('quantity −3, price −100, a 500 zł discount on a 100 zł line, a due date of 31.12.2099: each at its field; the next invoice is still number 1', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const cases: [Record<string, unknown>, Record<string, string>][] = [
      [{ lines: withLine(2, { quantity: '-3' }) }, { 'lines.2.quantity': 'validation.negativeQuantity' }],
      [{ lines: withLine(0, { unitPrice: '-100' }) }, { 'lines.0.unitPrice': 'validation.negativePrice' }],
      [{ lines: withLine(2, { discount: '500' }) }, { 'lines.2.discount': 'validation.discountTooLarge' }],
      [{ kind: 'UPR', lines: [{ ...lines[1]!, quantity: '-1' }] }, { 'lines.0.quantity': 'validation.negativeQuantity' }],
      [{ lines, dueDate: '2099-12-31' }, { dueDate: 'validation.dueDateRange' }],
    ];
    for (const [over, expected] of cases) {
      const draft = await saveInvoiceDraft(actor, invoiceForm(buyerId, over));
      expect(await issueErrors(actor, draft.id)).toEqual(expected);
      const row = await rawDb().invoice.findUniqueOrThrow({ where: { id: draft.id } });
      expect([row.status, row.number, row.xml]).toEqual(['DRAFT', null, null]);
    }
    const series = await rawDb().invoiceSeries.findMany({ where: { tenantId: actor.tenantId } });
    expect(series.length).toBeGreaterThan(0);
    const ok = await issueNewInvoice(actor, buyerId);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: ok } })).number).toMatch(/^FV\/1\//);
  });
});

describe('a draft is a draft', () => {
  it('saves without a buyer and without a priced line; the page reads it; issuing says what is missing', async () => {
    const { actor } = await createIssuingTenant();
    const draft = await saveInvoiceDraft(actor, invoiceForm('', { lines: [{ name: '', quantity: '1', unit: 'szt.', unitPrice: '', vatRate: '' }], dueDate: '', bankAccount: '' }));
    const row = await rawDb().invoice.findUniqueOrThrow({ where: { id: draft.id } });
    expect([row.status, row.buyerContractorId, row.buyerName, row.totalGross.toFixed(2)]).toEqual(['DRAFT', null, '', '0.00']);
    const page = await getInvoice(actor, draft.id);
    expect(page.form?.lines[0]).toMatchObject({ name: '', unitPrice: '' });
    expect(await issueErrors(actor, draft.id)).toEqual({
      buyerContractorId: 'validation.buyerRequired',
      'lines.0.name': 'validation.required',
      'lines.0.unitPrice': 'validation.priceRequired',
      'lines.0.vatRate': 'validation.vatRate',
    });
  });

  it('the totals count the complete lines; the draft is updated in place', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const draft = await saveInvoiceDraft(actor, invoiceForm('', { lines: [lines[0]!, { name: 'Jeszcze bez ceny', quantity: '1', unit: 'szt.', unitPrice: '', vatRate: '23' }] }));
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: draft.id } })).totalGross.toFixed(2)).toBe('1845.00');
    await saveInvoiceDraft(actor, invoiceForm(buyerId), draft.id);
    const row = await rawDb().invoice.findUniqueOrThrow({ where: { id: draft.id } });
    expect([row.buyerContractorId, row.buyerName]).toEqual([buyerId, 'Nabywca S.A.']);
    expect(await issueErrors(actor, draft.id)).toBe('issued');
  });

  it('keeps tenant isolation: another company’s contractor or invoice is not found', async () => {
    const a = await createIssuingTenant();
    const b = await createIssuingTenant('Inna Firma Sp. z o.o.');
    await expect(saveInvoiceDraft(a.actor, invoiceForm(b.buyerId))).rejects.toMatchObject({ field: 'buyerContractorId', messageKey: 'validation.buyerRequired' });
    const theirs = await issueNewInvoice(b.actor, b.buyerId);
    await rawDb().invoice.update({ where: { id: theirs }, data: { status: 'ACCEPTED' } });
    // A correction draft without a buyer still cannot point at another company's invoice.
    await expect(saveInvoiceDraft(a.actor, invoiceForm('', { kind: 'KOR', correctedInvoiceId: theirs }))).rejects.toMatchObject({ field: 'correctedInvoiceId' });
  });
});

describe('the admin reason says what is wrong', () => {
  it('empty: „Podaj powód zmiany…”; over 500 characters: the maximum', async () => {
    const admin = await rawDb().user.create({ data: { email: `admin-${crypto.randomUUID()}@example.com`, passwordHash: 'x', isPlatformAdmin: true } });
    const { actor } = await createIssuingTenant();
    const errors = async (reason: string) => {
      const e = await setOwnCertificateAllowed(admin.id, { tenantId: actor.tenantId, allowed: true, reason }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(z.ZodError);
      return fieldErrors(e as z.ZodError);
    };
    expect(await errors('  ')).toEqual({ reason: 'adminTenants.reasonRequired' });
    expect(await errors('x'.repeat(501))).toEqual({ reason: 'validation.maxLength.500' });
  });
});
