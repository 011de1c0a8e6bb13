/** Small pure helpers the invoice pages share (no server imports: pages pass data in). */
import type { Line } from '@/lib/fa3/model';
import type { BuyerOption } from './buyer-picker';
import type { CorrectionContext } from './invoice-form';

/** Today's date in Warsaw as YYYY-MM-DD (the date a Polish invoice is issued on). */
export function warsawToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/** Contractor rows → what the buyer picker needs (nothing else crosses to the browser). */
export function toBuyerOptions(rows: ReadonlyArray<BuyerOption & Record<string, unknown>>): BuyerOption[] {
  return rows.map(({ id, kind, name, nip, euVatId, taxId, countryCode, addressLine1, addressLine2 }) => ({ id, kind, name, nip, euVatId, taxId, countryCode, addressLine1, addressLine2 }));
}

/** The corrected invoice as the correction form shows it (its lines, without "before" lines of its own). */
export function correctionContextOf(source: { number: string | null; issueDate: string; ksefNumber: string | null; fa3?: { lines: Line[] } | null }): CorrectionContext {
  return {
    number: source.number ?? '',
    issueDate: source.issueDate,
    ksefNumber: source.ksefNumber,
    beforeLines: (source.fa3?.lines ?? []).filter((l) => !l.before),
  };
}

export interface LineRow {
  no: string;
  name: string;
  quantity?: string;
  unit?: string;
  unitPrice?: string;
  discount?: string;
  vatRate?: string;
  /** Line value in the entry mode (P_11 net or P_11A gross). */
  value?: string;
  before: boolean;
}

/** The lines an invoice page lists: the FA(3) lines once issued (a correction's "before" lines flagged), else the form's. */
export function lineRowsOf(
  fa3: { lines: Line[] } | null | undefined,
  form: { priceMode?: 'net' | 'gross'; lines: { name: string; quantity: string; unit: string; unitPrice: string; discount?: string; vatRate?: string }[] } | null | undefined,
): LineRow[] {
  if (fa3) {
    return fa3.lines.map((l) => ({
      no: l.no,
      name: l.name ?? '',
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitNetPrice ?? l.unitGrossPrice,
      discount: l.discount,
      vatRate: l.vatRate,
      value: l.net ?? l.gross,
      before: Boolean(l.before),
    }));
  }
  return (form?.lines ?? []).map((l, i) => ({ no: String(i + 1), name: l.name, quantity: l.quantity, unit: l.unit, unitPrice: l.unitPrice, discount: l.discount, vatRate: l.vatRate, before: false }));
}
