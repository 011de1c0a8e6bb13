import 'server-only';
import { rawDb } from '@/lib/db/client';
import type { TenantDb } from '@/lib/db/tenant-db';
import { AppError } from '../errors';
import type { InvoiceFormData } from '@/lib/invoices/form';
import { readInvoiceModel } from './stored-model';
import type { BuyerData, CorrectedInvoiceData, SellerData } from './to-fa3';

/** Seller (the tenant), buyer (a contractor of this tenant) and, for a correction, the corrected invoice. */
export async function loadIssueContext(db: TenantDb, tenantId: string, data: InvoiceFormData): Promise<{ seller: SellerData; buyer: BuyerData; corrected?: CorrectedInvoiceData }> {
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId } });
  const buyer = await db.contractor.findFirst({ where: { id: data.buyerContractorId } });
  if (!buyer) throw new AppError({ code: 'VALIDATION', messageKey: 'validation.buyerRequired', field: 'buyerContractorId' });
  let corrected: CorrectedInvoiceData | undefined;
  if (data.kind === 'KOR') {
    if (!data.correctedInvoiceId) throw new AppError({ code: 'VALIDATION', messageKey: 'validation.correctionReference', field: 'correctedInvoiceId' });
    const original = await db.invoice.findFirst({ where: { id: data.correctedInvoiceId } });
    // A correction references the original's KSeF number (NrKSeFFaKorygowanej), so the original must be accepted.
    if (!original || !original.number || original.status !== 'ACCEPTED') {
      throw new AppError({ code: 'VALIDATION', messageKey: 'validation.correctionReference', field: 'correctedInvoiceId' });
    }
    const { fa3, form } = readInvoiceModel(original.model, original.id);
    corrected = {
      number: original.number,
      issueDate: original.issueDate.toISOString().slice(0, 10),
      ksefNumber: original.ksefNumber,
      lines: (fa3?.lines ?? []).filter((l) => !l.before),
      priceMode: form?.priceMode ?? 'net',
    };
  }
  return {
    seller: { nip: tenant.nip, name: tenant.name, addressLine1: tenant.addressLine1, addressLine2: tenant.addressLine2, countryCode: tenant.countryCode },
    buyer,
    corrected,
  };
}
