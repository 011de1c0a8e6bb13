import 'server-only';
import type { Buyer, Line } from '@/lib/fa3/model';
import { dec, money, type InvoiceDraft } from '@/lib/fa3/totals';
import type { Totals } from '@/lib/fa3/model';
import type { Fa3Issue } from '@/lib/fa3';
import { explainXsdError } from '@/lib/fa3/validate';
import type { InvoiceFormData } from '@/lib/invoices/form';

export interface SellerData {
  nip: string;
  name: string;
  addressLine1: string;
  addressLine2: string;
  countryCode: string;
}

export interface BuyerData {
  kind: 'PL_COMPANY' | 'EU_COMPANY' | 'FOREIGN' | 'CONSUMER';
  name: string;
  nip: string | null;
  euVatId: string | null;
  taxId: string | null;
  countryCode: string;
  addressLine1: string;
  addressLine2: string;
  email: string | null;
}

export interface CorrectedInvoiceData {
  number: string;
  issueDate: string;
  ksefNumber: string | null;
  /** The corrected invoice's lines, as it was accepted (they become the "before" lines). */
  lines: Line[];
  /** Its price entry mode: the "before" lines carry only net or only gross prices. */
  priceMode: 'net' | 'gross';
}

function buyerOf(b: BuyerData): Buyer {
  const id: Buyer['id'] =
    b.kind === 'PL_COMPANY' && b.nip
      ? { type: 'nip', nip: b.nip }
      : b.kind === 'EU_COMPANY' && b.euVatId
        ? { type: 'eu', countryCode: b.countryCode, vatNumber: b.euVatId }
        : b.kind === 'FOREIGN' && b.taxId
          ? { type: 'foreign', countryCode: b.countryCode, taxId: b.taxId }
          : { type: 'none' };
  return {
    id,
    name: b.name,
    ...(b.addressLine1 ? { address: { country: b.countryCode, line1: b.addressLine1, ...(b.addressLine2 ? { line2: b.addressLine2 } : {}) } } : {}),
    ...(b.email ? { contacts: [{ email: b.email }] } : {}),
    jst: false,
    gv: false,
  };
}

/**
 * The form's data → an FA(3) draft (lib/fa3 fills line amounts and totals). A correction repeats the
 * corrected invoice's lines as "before" (StanPrzed) followed by the lines after correction, so its
 * totals are the difference.
 */
export function toFa3Draft(data: InvoiceFormData, ctx: { seller: SellerData; buyer: BuyerData; number: string; createdAt: string; corrected?: CorrectedInvoiceData }): InvoiceDraft {
  // A correction keeps the corrected invoice's entry mode, so "before" and "after" lines add up.
  const priceMode = ctx.corrected?.priceMode ?? data.priceMode;
  const gross = priceMode === 'gross';
  const after: Line[] = data.lines.map((l, i) => ({
    no: String(i + 1),
    name: l.name,
    unit: l.unit,
    quantity: l.quantity,
    ...(gross ? { unitGrossPrice: l.unitPrice } : { unitNetPrice: l.unitPrice }),
    ...(l.discount ? { discount: l.discount } : {}),
    vatRate: l.vatRate,
  }));
  // A line after correction keeps the number of the line it corrects (the corrected invoice's
  // position), so before and after rows of one position read as a pair; added lines continue the count.
  const before: Line[] = (ctx.corrected?.lines ?? []).map((l, i) => ({ ...l, no: String(i + 1), before: true }));
  const lines = [...before, ...after];
  const foreign = data.currency !== 'PLN';
  return {
    createdAt: ctx.createdAt,
    systemInfo: 'KSeF Faktury',
    seller: {
      nip: ctx.seller.nip,
      name: ctx.seller.name,
      address: { country: ctx.seller.countryCode, line1: ctx.seller.addressLine1, ...(ctx.seller.addressLine2 ? { line2: ctx.seller.addressLine2 } : {}) },
    },
    buyer: buyerOf(ctx.buyer),
    currency: data.currency,
    issueDate: data.issueDate,
    ...(data.issuePlace ? { issuePlace: data.issuePlace } : {}),
    number: ctx.number,
    ...(data.saleDate ? { saleDate: data.saleDate } : {}),
    ...(foreign && data.exchangeRate ? { exchangeRate: data.exchangeRate } : {}),
    annotations: {
      cashMethod: false,
      selfBilling: false,
      reverseCharge: data.reverseCharge,
      splitPayment: data.splitPayment,
      simplifiedTriangular: false,
      ...(data.exemption ? { exemption: data.exemption } : {}),
    },
    kind: data.kind,
    ...(data.kind === 'KOR' && ctx.corrected
      ? {
          correction: {
            ...(data.correctionReason ? { reason: data.correctionReason } : {}),
            type: '2',
            invoices: [{ issueDate: ctx.corrected.issueDate, number: ctx.corrected.number, ...(ctx.corrected.ksefNumber ? { ksefNumber: ctx.corrected.ksefNumber } : {}) }],
          },
        }
      : {}),
    ...(data.notes ? { notes: [{ key: 'Uwagi', value: data.notes }] } : {}),
    lines,
    priceMode,
    ...(data.paymentMethod || data.dueDate || data.bankAccount
      ? {
          payment: {
            ...(data.dueDate ? { dueDates: [{ date: data.dueDate }] } : {}),
            ...(data.paymentMethod ? { method: data.paymentMethod } : {}),
            ...(data.bankAccount ? { bankAccounts: [{ number: data.bankAccount.replace(/^PL/, '') }] } : {}),
          },
        }
      : {}),
  };
}

const LINE_FIELD: Record<string, string> = {
  unitNetPrice: 'unitPrice',
  unitGrossPrice: 'unitPrice',
  net: 'unitPrice',
  gross: 'unitPrice',
  vatRate: 'vatRate',
  quantity: 'quantity',
  name: 'name',
  unit: 'unit',
  discount: 'discount',
};

/** FA(3) issue paths (lines.3.vatRate, annotations.exemption, …) → form field names. */
export function formFieldOf(path: string, beforeLineCount: number): string {
  // Both spellings: the model's `lines.3.vatRate` and the rules' `lines[3].vatRate`.
  const line = /^lines(?:\.|\[)(\d+)\]?(?:\.(\w+))?/.exec(path);
  if (line) {
    const index = Number(line[1]) - beforeLineCount;
    return index >= 0 ? `lines.${index}.${LINE_FIELD[line[2] ?? ''] ?? 'name'}` : '_form';
  }
  if (path.startsWith('annotations.exemption')) return 'exemption.text';
  if (path.startsWith('annotations.splitPayment')) return 'splitPayment';
  if (path.startsWith('buyer')) return 'buyerContractorId';
  if (path.startsWith('seller')) return '_seller';
  if (path.startsWith('payment.bankAccounts')) return 'bankAccount';
  if (path.startsWith('payment.dueDates')) return 'dueDate';
  if (path.startsWith('payment.method')) return 'paymentMethod';
  if (path.startsWith('correction')) return 'correctionReason';
  const top = path.split('.')[0] ?? '';
  return ['issueDate', 'saleDate', 'currency', 'exchangeRate', 'issuePlace', 'kind'].includes(top) ? top : '_form';
}

export function issuesToFieldErrors(issues: Fa3Issue[], beforeLineCount: number): Record<string, string> {
  const out: Record<string, string> = {};
  // An XSD failure's path is an element path (/Faktura/Fa/FaWiersz[3]/P_8B): its model path says which field.
  for (const i of issues) out[formFieldOf(i.source === 'xsd' ? (explainXsdError(i).modelPath ?? '') : i.path, beforeLineCount)] ??= i.message;
  return out;
}

/** Net, VAT and gross of the whole invoice (in its currency) from the FA(3) per-rate totals, exactly. */
export function summarizeTotals(totals: Totals): { totalNet: string; totalVat: string; totalGross: string } {
  const sum = (r: Record<string, string>) => Object.values(r).reduce((s, v) => s.plus(dec(v)), dec(0));
  return { totalNet: money(sum(totals.net)), totalVat: money(sum(totals.vat)), totalGross: money(dec(totals.gross)) };
}
