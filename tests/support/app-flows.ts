import { rawDb } from '@/lib/db/client';
import type { Actor } from '@/lib/server/access';
import { createContractor } from '@/lib/server/contractors/save-contractor';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { issueInvoice } from '@/lib/server/invoices/issue-invoice';
import { createTenantWithOwner } from './factories';

/** A company ready to issue: owner, address (FA(3) requires the seller's), one Polish buyer. */
export async function createIssuingTenant(name = 'Sprzedawca Testowy Sp. z o.o.', opts: Parameters<typeof createTenantWithOwner>[1] = {}) {
  const t = await createTenantWithOwner(name, opts);
  await rawDb().tenant.update({ where: { id: t.actor.tenantId }, data: { addressLine1: 'ul. Testowa 1', addressLine2: '00-001 Warszawa' } });
  const buyer = await createContractor(t.actor, { kind: 'PL_COMPANY', nip: '5265877635', name: 'Nabywca S.A.', addressLine1: 'ul. Kupiecka 2', addressLine2: '00-950 Warszawa' });
  return { ...t, buyerId: buyer.id };
}

export const invoiceForm = (buyerContractorId: string, over: Record<string, unknown> = {}) => ({
  kind: 'VAT',
  buyerContractorId,
  issueDate: new Date().toISOString().slice(0, 10),
  saleDate: new Date().toISOString().slice(0, 10),
  currency: 'PLN',
  priceMode: 'net',
  lines: [
    { name: 'Usługa programistyczna', quantity: '10', unit: 'h', unitPrice: '150,00', vatRate: '23' },
    { name: 'Książka „Żółć”', quantity: '2', unit: 'szt.', unitPrice: '39.90', vatRate: '5' },
  ],
  paymentMethod: '6',
  dueDate: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
  bankAccount: '73 1111 1111 1111 1111 1111 1111',
  ...over,
});

export async function issueNewInvoice(actor: Actor, buyerId: string, over: Record<string, unknown> = {}) {
  const { id } = await saveInvoiceDraft(actor, invoiceForm(buyerId, over));
  await issueInvoice(actor, id);
  return id;
}
