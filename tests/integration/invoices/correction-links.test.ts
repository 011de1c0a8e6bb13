import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';

describe('a correction links only to an invoice of its own company', () => {
  it("another company's invoice id on a draft links nothing and shows nothing of it", async () => {
    const a = await createIssuingTenant('Firma A');
    const b = await createIssuingTenant('Firma B');
    const bInvoice = await issueNewInvoice(b.actor, b.buyerId);
    // A plain VAT draft carrying B's id: not a correction, so no link at all.
    const { id } = await saveInvoiceDraft(a.actor, invoiceForm(a.buyerId, { correctedInvoiceId: bInvoice }));
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id } })).correctedInvoiceId).toBeNull();
    expect((await getInvoice(a.actor, id)).correctedInvoice).toBeNull();
    // A KOR pointing at B's invoice is refused on its field.
    const kor = await saveInvoiceDraft(a.actor, invoiceForm(a.buyerId, { kind: 'KOR', correctedInvoiceId: bInvoice, correctionReason: 'Błąd' })).catch((e) => e);
    expect([kor.field, kor.messageKey]).toEqual(['correctedInvoiceId', 'validation.correctionReference']);
  });

  it('the database itself refuses a cross-company link and a link from anything but a KOR', async () => {
    const a = await createIssuingTenant('Firma A2');
    const b = await createIssuingTenant('Firma B2');
    const aInvoice = await issueNewInvoice(a.actor, a.buyerId);
    const bInvoice = await issueNewInvoice(b.actor, b.buyerId);
    await rawDb().invoice.update({ where: { id: aInvoice }, data: { kind: 'KOR' } });
    await expect(rawDb().invoice.update({ where: { id: aInvoice }, data: { correctedInvoiceId: bInvoice } })).rejects.toThrow(/foreign key|Foreign key/);
    const aOther = await issueNewInvoice(a.actor, a.buyerId);
    await expect(rawDb().invoice.update({ where: { id: aOther }, data: { correctedInvoiceId: aInvoice } })).rejects.toThrow(/check constraint|Invoice_correction_link_only_kor/i);
    // Within the company, from a KOR: allowed.
    await rawDb().invoice.update({ where: { id: aInvoice }, data: { correctedInvoiceId: aOther } });
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: aInvoice } })).correctedInvoiceId).toBe(aOther);
  });
});
