/**
 * Invoice arithmetic in exact decimals (decimal.js), never floating point.
 *
 * ROUNDING RULE (the only rounding in the engine is `roundMoney`): round half up — half AWAY FROM
 * ZERO, so corrections (negative amounts) round symmetrically — to 2 decimal places, applied
 *   1. once per line: line net (P_11) = round(quantity × net unit price − discount), or in gross mode
 *      line gross (P_11A) = round(quantity × gross unit price − discount);
 *   2. once per rate sum: the VAT of each rate (P_14_x) is computed from the SUM of the line amounts
 *      of that rate, not summed from per-line VAT (art. 106e ust. 10 ustawy o VAT allows rounding to
 *      the grosz; the sum-per-rate method is what the FA(3) P_13_x/P_14_x fields describe):
 *        net mode:   P_14_x = round(P_13_x × rate / 100)
 *        gross mode: P_14_x = round(Σ gross × rate / (100 + rate)), P_13_x = Σ gross − P_14_x
 *   3. foreign currency: P_14_xW = round(P_14_x × NBP rate) (VAT in PLN, art. 106e ust. 11).
 * P_15 = Σ P_13_x + Σ P_14_x (no further rounding: the inputs are already whole grosze).
 * Lines with `before: true` (StanPrzed, the state before a correction) are subtracted, so a
 * correction's totals are the difference "after − before" (KSeF docs, faktury/ in CIRFMF/ksef-docs).
 */
import Decimal from 'decimal.js';
import type { Invoice, Line, Totals, VatRate } from './model';

const D = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Dec = InstanceType<typeof D>;

export function dec(v: string | number | Dec | undefined): Dec {
  return new D(v ?? 0);
}

/** THE rounding function: half away from zero to 2 decimals. */
export function roundMoney(v: Dec): Dec {
  return v.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
}

/** Rounded money as a decimal string with exactly 2 fraction digits ("12.50"). */
export function money(v: Dec): string {
  return roundMoney(v).toFixed(2);
}

export type PriceMode = 'net' | 'gross';

/** FA(3) field suffix for each rate: P_13_<bucket> / P_14_<bucket>. */
export const RATE_BUCKET: Record<VatRate, string> = {
  '23': '1',
  '22': '1',
  '8': '2',
  '7': '2',
  '5': '3',
  '4': '4',
  '3': '4',
  '0 KR': '6_1',
  '0 WDT': '6_2',
  '0 EX': '6_3',
  zw: '7',
  'np I': '8',
  'np II': '9',
  oo: '10',
};
/** Buckets that carry VAT (P_14_x); the others have only a net sum. */
export const VAT_BUCKETS = ['1', '2', '3', '4', '5'] as const;
/** Buckets whose VAT also has a PLN field P_14_xW. */
export const PLN_VAT_BUCKETS = ['1', '2', '3', '4'] as const;
/** All buckets in schema order. */
export const BUCKET_ORDER = ['1', '2', '3', '4', '5', '6_1', '6_2', '6_3', '7', '8', '9', '10', '11'] as const;

export function numericRate(rate: VatRate): number | undefined {
  return /^\d+$/.test(rate) ? Number(rate) : undefined;
}

/** Line amount in the entry mode: net (P_11) or gross (P_11A) = round(qty × price − discount). */
export function lineAmount(line: Pick<Line, 'quantity' | 'unitNetPrice' | 'unitGrossPrice' | 'discount'>, mode: PriceMode): string {
  const price = mode === 'net' ? line.unitNetPrice : line.unitGrossPrice;
  return money(
    dec(line.quantity ?? '1')
      .times(dec(price))
      .minus(dec(line.discount)),
  );
}

/** Detects the entry mode of an invoice: gross when lines carry P_11A but no P_11. */
export function priceModeOf(lines: Line[]): PriceMode {
  return lines.length > 0 && lines.every((l) => l.gross !== undefined && l.net === undefined) ? 'gross' : 'net';
}

/**
 * Per-rate sums and P_15 from the lines (see the rounding rule above). `exchangeRate` given and
 * currency ≠ PLN → P_14_xW too.
 */
export function computeTotals(lines: Line[], opts: { mode?: PriceMode; currency?: string; exchangeRate?: string } = {}): Totals {
  const mode = opts.mode ?? priceModeOf(lines);
  const byRate = new Map<VatRate, Dec>();
  for (const l of lines) {
    if (!l.vatRate) continue;
    const amt = dec(mode === 'net' ? (l.net ?? lineAmount(l, 'net')) : (l.gross ?? lineAmount(l, 'gross')));
    byRate.set(l.vatRate, (byRate.get(l.vatRate) ?? dec(0)).plus(l.before ? amt.neg() : amt));
  }
  const net = new Map<string, Dec>();
  const vat = new Map<string, Dec>();
  for (const [rate, sum] of byRate) {
    const bucket = RATE_BUCKET[rate];
    const r = numericRate(rate);
    let n = sum;
    let v = dec(0);
    if (r !== undefined) {
      v = mode === 'net' ? roundMoney(sum.times(r).div(100)) : roundMoney(sum.times(r).div(100 + r));
      if (mode === 'gross') n = sum.minus(v);
    }
    net.set(bucket, (net.get(bucket) ?? dec(0)).plus(n));
    if ((VAT_BUCKETS as readonly string[]).includes(bucket)) vat.set(bucket, (vat.get(bucket) ?? dec(0)).plus(v));
  }
  const totals: Totals = { net: {}, vat: {}, vatPln: {}, gross: '0.00' };
  let gross = dec(0);
  for (const b of BUCKET_ORDER) {
    const n = net.get(b);
    if (!n) continue;
    totals.net[b] = money(n);
    gross = gross.plus(n);
    const v = vat.get(b);
    if (v) {
      totals.vat[b] = money(v);
      gross = gross.plus(v);
      if (opts.exchangeRate && opts.currency && opts.currency !== 'PLN' && (PLN_VAT_BUCKETS as readonly string[]).includes(b)) {
        totals.vatPln[b] = money(v.times(dec(opts.exchangeRate)));
      }
    }
  }
  totals.gross = money(gross);
  return totals;
}

/** Fills the line amounts (P_11 or P_11A) that are missing, in the given mode. */
export function fillLineAmounts(lines: Line[], mode: PriceMode): Line[] {
  return lines.map((l) => {
    if (mode === 'net' && l.net === undefined && l.unitNetPrice !== undefined) return { ...l, net: lineAmount(l, 'net') };
    if (mode === 'gross' && l.gross === undefined && l.unitGrossPrice !== undefined) return { ...l, gross: lineAmount(l, 'gross') };
    return l;
  });
}

export type InvoiceDraft = Omit<Invoice, 'totals'> & { totals?: Totals; priceMode?: PriceMode };

/** Draft → complete invoice: fills line amounts and (unless given, e.g. an advance without lines) the totals. */
export function completeInvoice(draft: InvoiceDraft): Invoice {
  const { priceMode, ...rest } = draft;
  const mode = priceMode ?? priceModeOf(draft.lines);
  const lines = fillLineAmounts(draft.lines, mode);
  const totals = draft.totals ?? computeTotals(lines, { mode, currency: draft.currency, exchangeRate: draft.exchangeRate });
  return { ...rest, lines, totals };
}
