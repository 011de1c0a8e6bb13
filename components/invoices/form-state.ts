/**
 * The invoice form's browser state and the pure functions around it: state → payload for
 * saveInvoiceAction, live totals per VAT rate (computed by lib/fa3/totals exactly as the server
 * will), and zod issues → field errors. No React here, so it is unit-tested on its own.
 */
import { BUCKET_ORDER, computeTotals, dec, lineAmount, money, RATE_BUCKET, VAT_BUCKETS } from '@/lib/fa3/totals';
import type { Line, Totals } from '@/lib/fa3/model';
import { FORM_VAT_RATES, invoiceDraftInput, invoiceFormInput, type InvoiceFormInput } from '@/lib/invoices/form';

export type FormVatRate = (typeof FORM_VAT_RATES)[number];
export type InvoiceKind = 'VAT' | 'ZAL' | 'ROZ' | 'UPR' | 'KOR';
export type PriceMode = 'net' | 'gross';

export interface LineState {
  /** React key only; never sent. */
  key: string;
  name: string;
  quantity: string;
  unit: string;
  unitPrice: string;
  discount: string;
  vatRate: FormVatRate | '';
}

export interface FormState {
  kind: InvoiceKind;
  buyerContractorId: string;
  issueDate: string;
  saleDate: string;
  issuePlace: string;
  currency: string;
  exchangeRate: string;
  priceMode: PriceMode;
  lines: LineState[];
  paymentMethod: string;
  dueDate: string;
  bankAccount: string;
  splitPayment: boolean;
  reverseCharge: boolean;
  exemptionBasis: '' | 'A' | 'B' | 'C';
  exemptionText: string;
  notes: string;
  correctedInvoiceId: string;
  correctionReason: string;
}

let keySeq = 0;
export function newLineKey(): string {
  keySeq += 1;
  return `l${keySeq}`;
}

export function emptyLine(vatRate: FormVatRate | '' = '23'): LineState {
  return { key: newLineKey(), name: '', quantity: '1', unit: 'szt.', unitPrice: '', discount: '', vatRate };
}

/** Decimal strings from the server use a dot; the Polish user types a comma. */
const toInputDecimal = (v: string | undefined) => (v ?? '').replace('.', ',');

/** Form state from saved/prefilled form data (a draft, a duplicate, a correction) or a blank invoice. */
export function initialFormState(source: Partial<InvoiceFormInput> | undefined, today: string): FormState {
  const s = source ?? {};
  const lines = (s.lines ?? []).map<LineState>((l) => ({
    key: newLineKey(),
    name: l.name ?? '',
    quantity: toInputDecimal(l.quantity),
    unit: l.unit ?? '',
    unitPrice: toInputDecimal(l.unitPrice),
    discount: toInputDecimal(l.discount),
    vatRate: (FORM_VAT_RATES as readonly string[]).includes(l.vatRate ?? '') ? (l.vatRate as FormVatRate) : '',
  }));
  return {
    kind: s.kind ?? 'VAT',
    buyerContractorId: s.buyerContractorId ?? '',
    issueDate: s.issueDate ?? today,
    saleDate: s.saleDate ?? (source ? '' : today),
    issuePlace: s.issuePlace ?? '',
    currency: s.currency ?? 'PLN',
    exchangeRate: toInputDecimal(s.exchangeRate),
    priceMode: s.priceMode ?? 'net',
    lines: lines.length ? lines : [emptyLine()],
    paymentMethod: s.paymentMethod ?? '',
    dueDate: s.dueDate ?? '',
    bankAccount: s.bankAccount ?? '',
    splitPayment: s.splitPayment ?? false,
    reverseCharge: s.reverseCharge ?? false,
    exemptionBasis: s.exemption?.basis ?? '',
    exemptionText: s.exemption?.text ?? '',
    notes: s.notes ?? '',
    correctedInvoiceId: s.correctedInvoiceId ?? '',
    correctionReason: s.correctionReason ?? '',
  };
}

export const hasRate = (state: Pick<FormState, 'lines'>, rate: FormVatRate) => state.lines.some((l) => l.vatRate === rate);

/** 'zw' needs the legal basis of the exemption (P_19A/B/C): the form shows those fields only then. */
export const needsExemption = (state: Pick<FormState, 'lines'>) => hasRate(state, 'zw');

/** 'oo' lines require the "odwrotne obciążenie" annotation (P_18): it is set for the user. */
export const forcesReverseCharge = (state: Pick<FormState, 'lines'>) => hasRate(state, 'oo');

const opt = (v: string) => {
  const s = v.trim();
  return s === '' ? undefined : s;
};

/** What goes into the `payload` field: the InvoiceFormInput the server parses with the same schema. */
export function toPayload(state: FormState): InvoiceFormInput {
  const foreign = state.currency.trim().toUpperCase() !== 'PLN';
  const payload: InvoiceFormInput = {
    kind: state.kind,
    buyerContractorId: state.buyerContractorId,
    issueDate: state.issueDate,
    saleDate: opt(state.saleDate),
    issuePlace: opt(state.issuePlace),
    currency: state.currency.trim().toUpperCase() || 'PLN',
    exchangeRate: foreign ? opt(state.exchangeRate) : undefined,
    priceMode: state.priceMode,
    lines: state.lines.map((l) => ({
      name: l.name,
      quantity: l.quantity,
      unit: l.unit,
      unitPrice: l.unitPrice,
      discount: opt(l.discount),
      vatRate: l.vatRate as FormVatRate,
    })),
    paymentMethod: (opt(state.paymentMethod) as InvoiceFormInput['paymentMethod']) ?? undefined,
    dueDate: opt(state.dueDate),
    bankAccount: opt(state.bankAccount),
    splitPayment: state.splitPayment,
    reverseCharge: state.reverseCharge || forcesReverseCharge(state),
    exemption: needsExemption(state) ? { basis: state.exemptionBasis as 'A' | 'B' | 'C', text: state.exemptionText } : undefined,
    notes: opt(state.notes),
    correctedInvoiceId: state.kind === 'KOR' ? opt(state.correctedInvoiceId) : undefined,
    correctionReason: state.kind === 'KOR' ? opt(state.correctionReason) : undefined,
  };
  // JSON drops undefined anyway; dropping it here keeps the payload (and tests) readable.
  return JSON.parse(JSON.stringify(payload)) as InvoiceFormInput;
}

/** What a submit button asks for: saving a draft checks less than issuing (lib/invoices/form.ts). */
export type SubmitIntent = 'draft' | 'issue' | 'issueAndSend';

/** Client-side check with the shared schema of the intent; keys match the server's fieldErrors ('lines.0.unitPrice'). */
export function validateForm(state: FormState, intent: SubmitIntent = 'issue'): Record<string, string> {
  const parsed = (intent === 'draft' ? invoiceDraftInput : invoiceFormInput).safeParse(toPayload(state));
  const errors: Record<string, string> = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const path = issue.path.map(String).join('.') || '_form';
    // exemption: { basis: '' } fails on basis; a missing exemption object is reported on its text.
    errors[path === 'exemption' ? 'exemption.text' : path] ??= issue.message;
  }
  return errors;
}

/** "1 234,5" → "1234.5", or undefined when it is not (yet) a number. */
export function parseDecimal(input: string): string | undefined {
  const s = input.replace(/[\s\u00a0]/g, '').replace(',', '.');
  return /^-?\d+(\.\d+)?$/.test(s) ? s : undefined;
}

/** A form line as the FA(3) line the server will build (lib/server/invoices/to-fa3.ts), or undefined while incomplete. */
export function toFa3Line(line: LineState, mode: PriceMode, no: number): Line | undefined {
  const quantity = parseDecimal(line.quantity);
  const price = parseDecimal(line.unitPrice);
  const discount = line.discount.trim() === '' ? undefined : parseDecimal(line.discount);
  if (!quantity || !price || !line.vatRate || (line.discount.trim() !== '' && !discount)) return undefined;
  return {
    no: String(no),
    name: line.name,
    unit: line.unit,
    quantity,
    ...(mode === 'gross' ? { unitGrossPrice: price } : { unitNetPrice: price }),
    ...(discount ? { discount } : {}),
    vatRate: line.vatRate,
  };
}

/** The line's value in the entry mode (net or gross), as the server rounds it; undefined while incomplete. */
export function lineValue(line: LineState, mode: PriceMode): string | undefined {
  const l = toFa3Line(line, mode, 1);
  return l ? lineAmount(l, mode) : undefined;
}

export interface RateRow {
  /** FA(3) bucket suffix ('1' = P_13_1/P_14_1). */
  bucket: string;
  /** A form rate for the label; buckets are one-to-one with the form's rates. */
  rate: string;
  net: string;
  /** undefined for buckets without VAT (0%, zw, np, oo). */
  vat?: string;
  /** VAT in PLN (P_14_xW) for a foreign-currency invoice with an exchange rate. */
  vatPln?: string;
  gross: string;
}

export interface TotalsView {
  rows: RateRow[];
  net: string;
  vat: string;
  gross: string;
  /** Lines not counted because a number or the rate is missing or invalid. */
  incompleteLines: number[];
}

const BUCKET_RATE: Record<string, string> = Object.fromEntries(FORM_VAT_RATES.map((r) => [RATE_BUCKET[r], r]));

/** Per-rate rows and totals from FA(3) totals (server-side on an issued invoice, or the live preview). */
export function totalsViewOf(totals: Totals, incompleteLines: number[] = []): TotalsView {
  const rows: RateRow[] = [];
  let net = dec(0);
  let vat = dec(0);
  for (const b of BUCKET_ORDER) {
    const n = totals.net[b];
    if (n === undefined) continue;
    const v = (VAT_BUCKETS as readonly string[]).includes(b) ? (totals.vat[b] ?? '0.00') : undefined;
    net = net.plus(dec(n));
    if (v) vat = vat.plus(dec(v));
    rows.push({
      bucket: b,
      rate: BUCKET_RATE[b] ?? b,
      net: n,
      ...(v !== undefined ? { vat: v } : {}),
      ...(totals.vatPln[b] ? { vatPln: totals.vatPln[b] } : {}),
      gross: money(dec(n).plus(dec(v ?? '0'))),
    });
  }
  return { rows, net: money(net), vat: money(vat), gross: totals.gross, incompleteLines };
}

/**
 * Live totals of the form, exactly as the server computes them. `beforeLines` (a correction: the
 * corrected invoice's lines) are subtracted, so a correction shows the difference.
 */
export function liveTotals(state: Pick<FormState, 'lines' | 'priceMode' | 'currency' | 'exchangeRate'>, beforeLines: Line[] = []): TotalsView {
  const incomplete: number[] = [];
  const after: Line[] = [];
  state.lines.forEach((l, i) => {
    const line = toFa3Line(l, state.priceMode, i + 1);
    if (line) after.push(line);
    else incomplete.push(i + 1);
  });
  const before = beforeLines.map((l) => ({ ...l, before: true }));
  const currency = state.currency.trim().toUpperCase() || 'PLN';
  const exchangeRate = currency !== 'PLN' ? parseDecimal(state.exchangeRate) : undefined;
  // With a correction the "before" lines carry their own entry mode; the form's mode applies to all (as on the server).
  const totals = computeTotals([...before, ...after], { mode: state.priceMode, currency, ...(exchangeRate ? { exchangeRate } : {}) });
  return totalsViewOf(totals, incomplete);
}

/** The statuses during which the invoice page polls /api/invoices/{id}/status. */
export const LIVE_STATUSES = ['QUEUED', 'SENDING', 'WAITING_FOR_PERMISSION'] as const;
export const isLiveStatus = (s: string) => (LIVE_STATUSES as readonly string[]).includes(s);

/**
 * A quantity or unit price for display, keeping every significant fraction digit (formatAmount
 * cuts to grosze): "1234.5" → "1 234,5"; `minFraction` pads ("12.5", 2 → "12,50").
 */
export function formatDecimal(value: string, locale: 'pl' | 'en' = 'pl', minFraction = 0): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) return value;
  const [, sign, int = '0', rawFrac = ''] = m;
  let frac = rawFrac.replace(/0+$/, '');
  if (frac.length < minFraction) frac = frac.padEnd(minFraction, '0');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'pl' ? '\u00a0' : ',');
  return `${sign}${grouped}${frac ? (locale === 'pl' ? ',' : '.') + frac : ''}`;
}
