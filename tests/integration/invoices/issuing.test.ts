import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { validateFa3Xml } from '@/lib/fa3';
import { AppError } from '@/lib/server/errors';
import { issueInvoice } from '@/lib/server/invoices/issue-invoice';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { addMember } from '../../support/factories';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';

const month = () => new Date().toISOString().slice(5, 7);
const year = () => new Date().toISOString().slice(0, 4);

describe('issuing invoices', () => {
  it('stores XSD-valid FA(3) bytes, their SHA-256 and exact totals', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const id = await issueNewInvoice(actor, buyerId);
    const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id }, include: { lines: true } });
    expect(inv.status).toBe('ISSUED');
    expect(inv.number).toBe(`FV/1/${month()}/${year()}`);
    expect(validateFa3Xml(inv.xml!).valid).toBe(true);
    // 10 h × 150.00 at 23% and 2 × 39.90 at 5%: per-rate VAT from the rate sums.
    expect([inv.totalNet.toFixed(2), inv.totalVat.toFixed(2), inv.totalGross.toFixed(2)]).toEqual(['1579.80', '348.99', '1928.79']);
    expect(inv.lines).toHaveLength(2);
    expect(inv.xmlSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('numbers are gap-free and unique under concurrent issuing', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const drafts = await Promise.all(Array.from({ length: 12 }, () => saveInvoiceDraft(actor, invoiceForm(buyerId))));
    const issued = await Promise.all(drafts.map((d) => issueInvoice(actor, d.id)));
    const numbers = issued.map((r) => Number(r.number.split('/')[1])).sort((a, b) => a - b);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('an invoice that fails the FA(3) rules stays a draft, says which field, and gives its number back', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const bad = await saveInvoiceDraft(actor, invoiceForm(buyerId, { lines: [{ name: 'Usługa medyczna', quantity: '1', unit: 'szt.', unitPrice: '100', vatRate: 'zw' }] }));
    const err = await issueInvoice(actor, bad.id).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err.messageKey).toBe('errors.invoiceInvalid');
    expect(Object.keys(err.fieldErrors)).toContain('exemption.text');
    expect(Object.values(err.fieldErrors).join(' ')).toMatch(/P_19|zwolnien/i);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: bad.id } })).status).toBe('DRAFT');
    const ok = await issueNewInvoice(actor, buyerId);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: ok } })).number).toBe(`FV/1/${month()}/${year()}`);
  });

  it('a VIEWER cannot issue, and an issued invoice cannot be edited', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const viewer = await addMember(actor.tenantId, 'VIEWER');
    await expect(saveInvoiceDraft(viewer, invoiceForm(buyerId))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const draft = await saveInvoiceDraft(actor, invoiceForm(buyerId));
    await expect(issueInvoice(viewer, draft.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await issueInvoice(actor, draft.id);
    await expect(saveInvoiceDraft(actor, invoiceForm(buyerId), draft.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a correction of an accepted invoice carries its reference and totals as the difference', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const original = await issueNewInvoice(actor, buyerId);
    // Accepted by KSeF (set directly: sending is covered in sending.test.ts).
    await rawDb().invoice.update({ where: { id: original }, data: { status: 'ACCEPTED', ksefNumber: '5265877635-20261124-0100001AF629-AF' } });
    const lines = [
      { name: 'Usługa programistyczna', quantity: '8', unit: 'h', unitPrice: '150,00', vatRate: '23' },
      { name: 'Książka „Żółć”', quantity: '2', unit: 'szt.', unitPrice: '39.90', vatRate: '5' },
    ];
    const kor = await issueNewInvoice(actor, buyerId, { kind: 'KOR', correctedInvoiceId: original, correctionReason: 'Rabat za opóźnienie', lines });
    const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id: kor } });
    expect(inv.kind).toBe('KOR');
    expect([inv.totalNet.toFixed(2), inv.totalVat.toFixed(2), inv.totalGross.toFixed(2)]).toEqual(['-300.00', '-69.00', '-369.00']);
    expect(inv.xml).toContain('<NrKSeFFaKorygowanej>5265877635-20261124-0100001AF629-AF</NrKSeFFaKorygowanej>');
    expect(inv.xml).toContain('<StanPrzed>1</StanPrzed>');
    expect(validateFa3Xml(inv.xml!).valid).toBe(true);
    // Its own series, gap-free and separate: the FV series goes on at 2.
    expect(inv.number).toBe(`KOR/1/${month()}/${year()}`);
    const next = await issueNewInvoice(actor, buyerId);
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: next } })).number).toBe(`FV/2/${month()}/${year()}`);
    // Each line after correction has the number of the line it corrects (before: 1, 2; after: 1, 2).
    const rows = [...inv.xml!.matchAll(/<FaWiersz>([\s\S]*?)<\/FaWiersz>/g)].map((m) => `${/<NrWierszaFa>(\d+)</.exec(m[1]!)![1]}${m[1]!.includes('<StanPrzed>1') ? ' przed' : ''}`);
    expect(rows).toEqual(['1 przed', '2 przed', '1', '2']);
  });

  it('a correction needs an accepted original', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const original = await issueNewInvoice(actor, buyerId);
    // Refused already when saving the draft, on the field that needs changing.
    await expect(saveInvoiceDraft(actor, invoiceForm(buyerId, { kind: 'KOR', correctedInvoiceId: original }))).rejects.toMatchObject({ field: 'correctedInvoiceId' });
  });
});
