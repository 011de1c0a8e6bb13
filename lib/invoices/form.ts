/** Shared by the invoice form (client, live validation) and the use cases (server, authoritative). */
import { z } from 'zod';
import { VAT_RATES } from '@/lib/fa3/model';
import { computeTotals, dec, type Dec } from '@/lib/fa3/totals';
import { hasValidChecksum, normalizeBankAccount } from './bank-account';

/**
 * What the invoice form submits (a JSON payload in one hidden field). Decimal strings throughout;
 * messages are i18n keys shown next to the field. Two schemas:
 *
 * - `invoiceDraftInput` — saving a draft. A draft is a draft: no buyer yet, lines without a name,
 *   price or rate are fine; what is typed must still be well-formed (a number where a number goes,
 *   lengths the database and the form keep). Also what stored forms are read back with
 *   (lib/server/invoices/stored-model.ts), so it never rejects what an older version saved.
 * - `invoiceFormInput` — issuing: the draft's rules plus everything FA(3) needs from the form, checked
 *   here so that the official XSD (lib/fa3/validate.ts) never fails for what a user typed and issuing
 *   refuses before a number is allocated: a buyer and complete lines; a regular invoice (not KOR)
 *   never below zero; the schema's date ranges, lengths, digit counts and currency codes.
 *
 * The FA(3) business rules (lib/fa3/rules.ts) run afterwards on the built model and their messages
 * are mapped back to these fields.
 */

/**
 * FA(3) limits (lib/fa3/schema/schemat_FA(3)_v1-0E.xsd): P_8B quantity and KursWaluty are TIlosci
 * (16 digits before the point, 6 after), P_9A/P_9B unit prices and P_10 discount TKwotowy2 (14 and
 * 8), amounts P_11, P_13_x, P_14_x, P_15 TKwotowy (16 and 2). P_1 and P_6 are TDataT, Termin TData.
 */
export const FA3_LIMITS = {
  quantity: { int: 16, frac: 6 },
  unitPrice: { int: 14, frac: 8 },
  discount: { int: 14, frac: 8 },
  exchangeRate: { int: 16, frac: 6 },
  amountIntDigits: 16,
  /** TDataT (P_1 issue date, P_6 sale date). */
  invoiceDate: { min: '2006-01-01', max: '2050-01-01' },
  /** TData (Termin, the due date). */
  dueDate: { min: '2016-07-01', max: '2050-01-01' },
  /** TZnakowy: P_1M, P_19A/B/C, PrzyczynaKorekty, DodatkowyOpis/Wartosc. */
  text: 256,
  /** TZnakowy512: P_7. */
  name: 512,
} as const;

/** TKodWaluty of the FA(3) schema (ISO 4217); tests/unit/invoices/validation-form.test.ts compares it with the XSD. */
export const FA3_CURRENCIES: readonly string[] = (
  'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD ' +
  'EGP ERN ETB EUR FJD FKP GBP GEL GGP GHS GIP GMD GNF GTQ GYD HKD HNL HRK HTG HUF IDR ILS IMP INR IQD IRR ISK JEP JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD ' +
  'LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLL ' +
  'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VES VND VUV WST XAF XAG XAU XBA XBB XBC XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA ' +
  'XXX YER ZAR ZMW ZWL'
).split(' ');

/**
 * Which form field each FA(3) element is built from (lib/server/invoices/to-fa3.ts): an XSD failure
 * of that element is shown at that field. Line elements go to the lines block (`lines`); the
 * parties' elements are not here: their data is not typed in this form (the buyer is a contractor,
 * the seller the company settings), so a failure there is named in words above the form.
 */
export const FA3_ELEMENT_FIELD: Record<string, string> = {
  P_1: 'issueDate',
  P_1M: 'issuePlace',
  P_6: 'saleDate',
  KodWaluty: 'currency',
  KursWaluty: 'exchangeRate',
  KursWalutyZ: 'exchangeRate',
  RodzajFaktury: 'kind',
  P_7: 'lines',
  P_8A: 'lines',
  P_8B: 'lines',
  P_9A: 'lines',
  P_9B: 'lines',
  P_10: 'lines',
  P_11: 'lines',
  P_11A: 'lines',
  P_11Vat: 'lines',
  P_12: 'lines',
  P_15: 'lines',
  Termin: 'dueDate',
  FormaPlatnosci: 'paymentMethod',
  NrRB: 'bankAccount',
  P_18: 'reverseCharge',
  P_18A: 'splitPayment',
  P_19A: 'exemption.text',
  P_19B: 'exemption.text',
  P_19C: 'exemption.text',
  PrzyczynaKorekty: 'correctionReason',
  Wartosc: 'notes',
};

type DecimalField = keyof Pick<typeof FA3_LIMITS, 'quantity' | 'unitPrice' | 'discount' | 'exchangeRate'>;

/** "1 234,50" → "1234.50"; ",5" → "0.5"; leading zeros dropped ("007" → "7", FA(3)'s patterns refuse them). Anything else is left as typed. */
export function normalizeDecimal(input: string): string {
  const s = input.replace(/[\s\u00a0]/g, '').replace(',', '.');
  const m = /^(-?)(\d*)(?:\.(\d+))?$/.exec(s);
  if (!m || (m[2] === '' && m[3] === undefined)) return s;
  const int = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const frac = m[3] === undefined ? '' : `.${m[3]}`;
  const zero = /^0(\.0*)?$/.test(int + frac);
  return `${zero ? '' : m[1]}${int}${frac}`;
}

const DECIMAL = /^-?(\d+)(?:\.(\d+))?$/;

/** A well-formed decimal string → its exact value; anything else → undefined. */
export function decimalValue(s: unknown): Dec | undefined {
  if (typeof s !== 'string') return undefined;
  const n = normalizeDecimal(s);
  return DECIMAL.test(n) ? dec(n) : undefined;
}

/** A decimal of one of the form's number fields: well-formed, within its FA(3) digit counts, with a message for each. */
function decimalString(field: DecimalField) {
  const { int, frac } = FA3_LIMITS[field];
  return z
    .string()
    .trim()
    .transform(normalizeDecimal)
    .superRefine((s, ctx) => {
      if (s === '') return;
      const m = DECIMAL.exec(s);
      const problem = !m ? 'Format' : m[1]!.length > int ? 'Digits' : (m[2]?.length ?? 0) > frac ? 'Decimals' : undefined;
      if (problem) ctx.addIssue({ code: 'custom', message: `validation.${field}${problem}` });
    });
}
/** The same, for an optional field: '' → undefined. */
const optionalDecimal = (field: DecimalField) =>
  decimalString(field)
    .transform((s) => (s === '' ? undefined : s))
    .optional();

const maxLength = (n: 20 | 256 | 512 | 3500) => `validation.maxLength.${n}`;
const text = (max: 20 | 256 | 512 | 3500) => z.string().trim().max(max, maxLength(max));
const optionalDate = z.iso
  .date('validation.date')
  .optional()
  .or(z.literal('').transform(() => undefined));

/** One of `values`, or nothing ('' or absent → undefined); anything else gets `message` (not zod's English union error). */
const optionalChoice = <const T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .union([z.literal(''), z.enum(values)], message)
    .optional()
    .transform((v) => (v === '' ? undefined : v));

export const FORM_VAT_RATES = ['23', '8', '5', '0 KR', '0 WDT', '0 EX', 'zw', 'np I', 'np II', 'oo'] as const satisfies readonly (typeof VAT_RATES)[number][];

/** A line as typed; in a draft anything may still be empty. */
export const invoiceLineInput = z.object({
  name: text(512),
  quantity: decimalString('quantity'),
  unit: text(20),
  unitPrice: decimalString('unitPrice'),
  discount: optionalDecimal('discount'),
  vatRate: optionalChoice(FORM_VAT_RATES, 'validation.vatRate'),
});

export const PAYMENT_METHODS = ['1', '2', '3', '4', '5', '6', '7'] as const;
export const INVOICE_KINDS = ['VAT', 'ZAL', 'ROZ', 'UPR', 'KOR'] as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const invoiceFormShape = z.object({
  kind: z.enum(INVOICE_KINDS, 'validation.invalid').default('VAT'),
  /** '' while a draft has no buyer yet. */
  buyerContractorId: z
    .string()
    .trim()
    .refine((s) => s === '' || UUID.test(s), 'validation.buyerRequired')
    .default(''),
  issueDate: z.iso.date('validation.date'),
  saleDate: optionalDate,
  issuePlace: text(256).optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'validation.currency')
    .default('PLN'),
  /** NBP average rate of the last business day before the tax point (art. 31a ustawy o VAT). */
  exchangeRate: optionalDecimal('exchangeRate'),
  priceMode: z.enum(['net', 'gross']).default('net'),
  lines: z.array(invoiceLineInput).max(1000, 'validation.tooManyLines'),
  paymentMethod: optionalChoice(PAYMENT_METHODS, 'validation.invalid'),
  dueDate: optionalDate,
  bankAccount: z
    .string()
    .transform(normalizeBankAccount)
    .pipe(
      z
        .string()
        .regex(/^(PL)?\d{26}$|^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'validation.bankAccount')
        .refine(hasValidChecksum, 'validation.bankAccountChecksum'),
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  splitPayment: z.boolean().default(false),
  reverseCharge: z.boolean().default(false),
  exemption: z.object({ basis: z.enum(['A', 'B', 'C'], 'validation.exemptionBasis'), text: text(256).min(1, 'validation.exemptionText') }).optional(),
  /** A draft keeps up to 3500 characters; FA(3) takes 256 (DodatkowyOpis/Wartosc), checked on issuing. */
  notes: text(3500).optional(),
  /** KOR only: the accepted invoice being corrected and why. */
  correctedInvoiceId: z.uuid('validation.correctionReference').optional(),
  correctionReason: text(256).optional(),
});

type FormShape = z.output<typeof invoiceFormShape>;
type Issue = (path: (string | number)[], message: string) => void;

const LIMIT = dec(10).pow(FA3_LIMITS.amountIntDigits);
const tooLarge = (v: Dec | string | undefined) => v !== undefined && dec(v).abs().gte(LIMIT);

/** Line values and totals must fit FA(3)'s amounts (and the database's Decimal(18, 2)); drafts too. */
function checkAmounts(d: FormShape, issue: Issue) {
  const complete: { no: string; quantity: string; unitNetPrice?: string; unitGrossPrice?: string; discount?: string; vatRate: (typeof FORM_VAT_RATES)[number] }[] = [];
  d.lines.forEach((l, i) => {
    const q = decimalValue(l.quantity);
    const p = decimalValue(l.unitPrice);
    if (!q || !p) return;
    const discount = l.discount === undefined ? dec(0) : decimalValue(l.discount);
    if (!discount) return;
    if (tooLarge(q.times(p).minus(discount).toDecimalPlaces(2))) issue(['lines', i, 'unitPrice'], 'validation.lineValueTooLarge');
    else if (l.vatRate) {
      const price = normalizeDecimal(l.unitPrice);
      complete.push({
        no: String(i + 1),
        quantity: normalizeDecimal(l.quantity),
        ...(d.priceMode === 'gross' ? { unitGrossPrice: price } : { unitNetPrice: price }),
        ...(l.discount ? { discount: normalizeDecimal(l.discount) } : {}),
        vatRate: l.vatRate,
      });
    }
  });
  if (complete.length === 0) return;
  const rate = d.currency !== 'PLN' ? decimalValue(d.exchangeRate) : undefined;
  const totals = computeTotals(complete, { mode: d.priceMode, currency: d.currency, ...(rate && !tooLarge(rate) ? { exchangeRate: rate.toString() } : {}) });
  const amounts = [...Object.values(totals.net), ...Object.values(totals.vat), ...Object.values(totals.vatPln), totals.gross];
  if (amounts.some(tooLarge)) issue(['lines'], 'validation.totalTooLarge');
}

const inRange = (date: string | undefined, range: { min: string; max: string }) => date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date) || (date >= range.min && date <= range.max);
// XML 1.0 allows tab, line feed and carriage return, nothing else below U+0020 (a pasted control character makes the XML unreadable).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** What issuing needs beyond a draft: completeness, signs, and FA(3)'s limits the draft does not keep. */
function checkIssuable(d: FormShape, issue: Issue) {
  const regular = d.kind !== 'KOR';
  if (!d.buyerContractorId) issue(['buyerContractorId'], 'validation.buyerRequired');
  if (d.lines.length === 0) issue(['lines'], 'validation.linesRequired');
  d.lines.forEach((l, i) => {
    const at = (field: string, message: string) => issue(['lines', i, field], message);
    if (!l.name) at('name', 'validation.required');
    if (!l.unit) at('unit', 'validation.required');
    if (!l.vatRate) at('vatRate', 'validation.vatRate');
    const q = decimalValue(l.quantity);
    const p = decimalValue(l.unitPrice);
    const discount = decimalValue(l.discount);
    if (l.quantity === '') at('quantity', 'validation.required');
    else if (q?.isZero()) at('quantity', 'validation.quantityZero');
    else if (regular && q?.isNegative()) at('quantity', 'validation.negativeQuantity');
    if (l.unitPrice === '') at('unitPrice', 'validation.priceRequired');
    else if (regular && p?.isNegative()) at('unitPrice', 'validation.negativePrice');
    if (regular && discount?.isNegative()) at('discount', 'validation.negativeDiscount');
    else if (regular && discount && q?.gt(0) && p && !p.isNegative() && discount.gt(q.times(p))) at('discount', 'validation.discountTooLarge');
    for (const field of ['name', 'unit'] as const) if (CONTROL.test(l[field])) at(field, 'validation.controlCharacters');
  });
  if (!inRange(d.issueDate, FA3_LIMITS.invoiceDate)) issue(['issueDate'], 'validation.issueDateRange');
  if (!inRange(d.saleDate, FA3_LIMITS.invoiceDate)) issue(['saleDate'], 'validation.saleDateRange');
  if (!inRange(d.dueDate, FA3_LIMITS.dueDate)) issue(['dueDate'], 'validation.dueDateRange');
  else if (d.dueDate && d.dueDate < d.issueDate) issue(['dueDate'], 'validation.dueDateBeforeIssue');
  if (/^[A-Z]{3}$/.test(d.currency) && !FA3_CURRENCIES.includes(d.currency)) issue(['currency'], 'validation.currencyUnknown');
  const rate = decimalValue(d.exchangeRate);
  if (d.currency !== 'PLN' && rate && rate.lte(0)) issue(['exchangeRate'], 'validation.exchangeRatePositive');
  if (d.notes && d.notes.length > FA3_LIMITS.text) issue(['notes'], maxLength(256));
  const texts: [string[], string | undefined][] = [
    [['issuePlace'], d.issuePlace],
    [['notes'], d.notes],
    [['exemption', 'text'], d.exemption?.text],
    [['correctionReason'], d.correctionReason],
  ];
  for (const [path, value] of texts) if (value && CONTROL.test(value)) issue(path, 'validation.controlCharacters');
}

/**
 * The object's checks run even when one of its fields failed (`when`), so the form shows every
 * problem at once, not the next one after each fix. The value is then only partly parsed (a failed
 * field keeps what was sent), so it is read defensively: strings only, lines that are objects; a
 * field that failed its own check is not reported twice (the first message per field is shown).
 */
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
function readable(v: unknown): FormShape | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const d = v as Record<string, unknown>;
  if (!Array.isArray(d.lines)) return undefined;
  const line = (l: unknown) => {
    const o = typeof l === 'object' && l !== null ? (l as Record<string, unknown>) : {};
    const vatRate = str(o.vatRate);
    return {
      name: str(o.name)?.trim() ?? '',
      quantity: str(o.quantity)?.trim() ?? '',
      unit: str(o.unit)?.trim() ?? '',
      unitPrice: str(o.unitPrice)?.trim() ?? '',
      discount: str(o.discount)?.trim() || undefined,
      vatRate: (FORM_VAT_RATES as readonly string[]).includes(vatRate ?? '') ? (vatRate as (typeof FORM_VAT_RATES)[number]) : undefined,
    };
  };
  const exemption = typeof d.exemption === 'object' && d.exemption !== null ? (d.exemption as Record<string, unknown>) : undefined;
  return {
    ...(d as FormShape),
    kind: (INVOICE_KINDS as readonly string[]).includes(str(d.kind) ?? '') ? (d.kind as FormShape['kind']) : 'VAT',
    buyerContractorId: str(d.buyerContractorId) ?? '',
    issueDate: str(d.issueDate) ?? '',
    saleDate: str(d.saleDate) || undefined,
    dueDate: str(d.dueDate) || undefined,
    currency: str(d.currency)?.trim().toUpperCase() || 'PLN',
    exchangeRate: str(d.exchangeRate) || undefined,
    priceMode: d.priceMode === 'gross' ? 'gross' : 'net',
    lines: d.lines.map(line),
    issuePlace: str(d.issuePlace),
    notes: str(d.notes)?.trim(),
    correctionReason: str(d.correctionReason),
    exemption: exemption ? { basis: 'A', text: str(exemption.text) ?? '' } : undefined,
  };
}
const refineWith = (check: (d: FormShape, issue: Issue) => void) =>
  [
    (v: FormShape, ctx: z.RefinementCtx) => {
      const d = readable(v);
      if (d) check(d, (path, message) => ctx.addIssue({ code: 'custom', path, message }));
    },
    { when: () => true },
  ] as const;

/** Saving a draft (and reading a stored form back). */
export const invoiceDraftInput = invoiceFormShape.superRefine(...refineWith(checkAmounts));
/** Issuing: the draft's rules plus completeness, signs and FA(3)'s limits; issueInvoice parses the draft with it before numbering. */
export const invoiceFormInput = invoiceFormShape.superRefine(...refineWith(checkAmounts)).superRefine(...refineWith(checkIssuable));

export type InvoiceFormInput = z.input<typeof invoiceFormInput>;
export type InvoiceFormData = z.output<typeof invoiceFormInput>;
