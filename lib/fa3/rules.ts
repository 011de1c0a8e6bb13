/**
 * Business rules beyond the XSD. Each violation has a stable code, the model path of the field it
 * concerns (e.g. `buyer.id.nip`, `lines[2].vatRate`) and a Polish message for the user.
 * Sources: CIRFMF/ksef-docs faktury/weryfikacja-faktury.md (NIP checksums incl. IDWew, P_1 not in
 * the future) and the VAT act (ustawa o VAT) articles cited per rule.
 */
import type { Invoice } from './model';
import { isValidNip } from './nip';
import { computeTotals, dec, lineAmount, priceModeOf, VAT_BUCKETS, type PriceMode } from './totals';

export type RuleSeverity = 'error' | 'warning';
export interface RuleViolation {
  code: RuleCode;
  path: string;
  message: string;
  severity: RuleSeverity;
}

export const RULE_CODES = [
  'NIP_CHECKSUM',
  'DATE_INVALID',
  'ISSUE_DATE_IN_FUTURE',
  'SALE_PERIOD_ORDER',
  'DUE_DATE_BEFORE_ISSUE',
  'LINES_REQUIRED',
  'LINE_VAT_RATE_MISSING',
  'LINE_AMOUNT_INCONSISTENT',
  'TOTALS_INCONSISTENT',
  'GROSS_INCONSISTENT',
  'ZW_BASIS_MISSING',
  'REVERSE_CHARGE_ANNOTATION',
  'WDT_BUYER_EU_VAT',
  'CORRECTION_REFERENCE_MISSING',
  'CORRECTION_NOT_ALLOWED',
  'SETTLEMENT_ADVANCES_MISSING',
  'FOREIGN_CURRENCY_RATE',
  'SPLIT_PAYMENT_REQUIRED',
  'SIMPLIFIED_LIMIT',
  'NEGATIVE_AMOUNT',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

/** Mandatory split payment threshold (art. 108a ust. 1a ustawy o VAT): gross amount above 15 000 zł. */
export const MPP_THRESHOLD_PLN = '15000';
/** Simplified invoice limit (art. 106e ust. 5 pkt 3): gross up to 450 zł. */
export const SIMPLIFIED_LIMIT_PLN = '450';

const RATE_LABEL: Record<string, string> = {
  '1': '23%/22%',
  '2': '8%/7%',
  '3': '5%',
  '4': '4%/3%',
  '5': 'OSS',
  '6_1': '0%',
  '6_2': '0% WDT',
  '6_3': '0% eksport',
  '7': 'zw',
  '8': 'np I',
  '9': 'np II',
  '10': 'oo',
  '11': 'marża',
};

/** Today's date in Poland (KSeF compares P_1 with its acceptance date in Polish time, not UTC). */
export function todayInPoland(now: Date = new Date()): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

export function isRealDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** `2026-02-01` → `01.02.2026`: messages quote dates as a Polish reader writes them (anything else as it is). */
export function polishDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

export interface RuleOptions {
  /** "Today" for the issue-date check (YYYY-MM-DD); default: today in Poland (Europe/Warsaw). */
  today?: string;
  priceMode?: PriceMode;
}

export function checkInvoice(inv: Invoice, opts: RuleOptions = {}): RuleViolation[] {
  const out: RuleViolation[] = [];
  const err = (code: RuleCode, path: string, message: string, severity: RuleSeverity = 'error') => out.push({ code, path, message, severity });
  const isCorrection = inv.kind.startsWith('KOR');
  const isAdvance = inv.kind === 'ZAL' || inv.kind === 'KOR_ZAL';

  // NIP checksums: Podmiot1, Podmiot2, Podmiot3 and the NIP inside IDWew (weryfikacja-faktury.md).
  if (!isValidNip(inv.seller.nip)) err('NIP_CHECKSUM', 'seller.nip', `NIP sprzedawcy ${inv.seller.nip} jest nieprawidłowy (błędna suma kontrolna).`);
  if (inv.buyer.id.type === 'nip' && !isValidNip(inv.buyer.id.nip)) {
    err('NIP_CHECKSUM', 'buyer.id.nip', `NIP nabywcy ${inv.buyer.id.nip} jest nieprawidłowy (błędna suma kontrolna).`);
  }
  (inv.thirdParties ?? []).forEach((p, i) => {
    if (p.id.type === 'nip' && !isValidNip(p.id.nip)) err('NIP_CHECKSUM', `thirdParties[${i}].id.nip`, `NIP podmiotu trzeciego ${p.id.nip} jest nieprawidłowy (błędna suma kontrolna).`);
    if (p.id.type === 'internal' && !isValidNip(p.id.internalId.slice(0, 10))) {
      err('NIP_CHECKSUM', `thirdParties[${i}].id.internalId`, `Identyfikator wewnętrzny ${p.id.internalId} zawiera nieprawidłowy NIP.`);
    }
  });

  // Dates exist in the calendar, P_1 not in the future, periods in order.
  const dates: [string, string | undefined][] = [
    ['issueDate', inv.issueDate],
    ['saleDate', inv.saleDate],
    ['salePeriod.from', inv.salePeriod?.from],
    ['salePeriod.to', inv.salePeriod?.to],
    ...inv.lines.map((l, i): [string, string | undefined] => [`lines[${i}].date`, l.date]),
    ...(inv.payment?.dueDates ?? []).map((d, i): [string, string | undefined] => [`payment.dueDates[${i}].date`, d.date]),
    ...(inv.correction?.invoices ?? []).map((c, i): [string, string | undefined] => [`correction.invoices[${i}].issueDate`, c.issueDate]),
  ];
  for (const [path, d] of dates) if (d !== undefined && !isRealDate(d)) err('DATE_INVALID', path, `Data ${polishDate(d)} nie istnieje.`);
  const today = opts.today ?? todayInPoland();
  if (isRealDate(inv.issueDate) && inv.issueDate > today) {
    err('ISSUE_DATE_IN_FUTURE', 'issueDate', `Data wystawienia ${polishDate(inv.issueDate)} nie może być późniejsza niż data przyjęcia faktury do KSeF (${polishDate(today)}).`);
  }
  if (inv.salePeriod && inv.salePeriod.from > inv.salePeriod.to) {
    err('SALE_PERIOD_ORDER', 'salePeriod.to', `Koniec okresu (${polishDate(inv.salePeriod.to)}) jest wcześniejszy niż jego początek (${polishDate(inv.salePeriod.from)}).`);
  }
  (inv.payment?.dueDates ?? []).forEach((d, i) => {
    if (d.date && d.date < inv.issueDate) {
      err('DUE_DATE_BEFORE_ISSUE', `payment.dueDates[${i}].date`, `Termin płatności ${polishDate(d.date)} jest wcześniejszy niż data wystawienia ${polishDate(inv.issueDate)}.`);
    }
  });

  // Lines and their rates.
  if (!isCorrection && !isAdvance && inv.lines.length === 0) err('LINES_REQUIRED', 'lines', 'Faktura musi zawierać co najmniej jedną pozycję.');
  const mode = opts.priceMode ?? priceModeOf(inv.lines);
  inv.lines.forEach((l, i) => {
    if (!l.vatRate && !isAdvance) err('LINE_VAT_RATE_MISSING', `lines[${i}].vatRate`, `Pozycja ${l.no}: podaj stawkę VAT.`);
    const price = mode === 'net' ? l.unitNetPrice : l.unitGrossPrice;
    const given = mode === 'net' ? l.net : l.gross;
    if (price !== undefined && given !== undefined) {
      const expected = lineAmount(l, mode);
      if (!dec(given).eq(dec(expected))) {
        err('LINE_AMOUNT_INCONSISTENT', `lines[${i}].${mode}`, `Pozycja ${l.no}: wartość ${mode === 'net' ? 'netto' : 'brutto'} ${given} nie zgadza się z ilość × cena − rabat = ${expected}.`);
      }
    }
  });

  // A regular invoice never goes below zero: an issued invoice is reduced by a correction (KOR,
  // art. 106j ustawy o VAT), not by a negative invoice — KSeF itself accepts one.
  if (!isCorrection) {
    const KOR_HINT = 'Na zwykłej fakturze kwoty nie mogą być ujemne; wystawioną fakturę zmniejsza się fakturą korygującą (KOR).';
    inv.lines.forEach((l, i) => {
      if (l.before) return;
      const value = mode === 'net' ? l.net : l.gross;
      const negative: [string, string | undefined, string][] = [
        ['quantity', l.quantity, 'ilość {v} jest ujemna'],
        [mode === 'net' ? 'unitNetPrice' : 'unitGrossPrice', mode === 'net' ? l.unitNetPrice : l.unitGrossPrice, 'cena jednostkowa {v} jest ujemna'],
        ['discount', l.discount, 'rabat {v} jest ujemny'],
        [mode, value ?? (l.quantity !== undefined && (l.unitNetPrice ?? l.unitGrossPrice) !== undefined ? lineAmount(l, mode) : undefined), 'wartość {v} jest ujemna'],
      ];
      const found = negative.find(([, v]) => v !== undefined && dec(v).isNegative());
      if (found) err('NEGATIVE_AMOUNT', `lines[${i}].${found[0]}`, `Pozycja ${l.no}: ${found[2].replace('{v}', found[1]!)}. ${KOR_HINT}`);
    });
    if (dec(inv.totals.gross || '0').isNegative()) err('NEGATIVE_AMOUNT', 'totals.gross', `Kwota należności ogółem (P_15) ${inv.totals.gross} jest ujemna. ${KOR_HINT}`);
  }

  // Totals: per-rate sums and P_15 recomputed from the lines (rounding rule in totals.ts).
  if (inv.lines.length > 0 && !isAdvance) {
    const expected = computeTotals(inv.lines, { mode, currency: inv.currency, exchangeRate: inv.exchangeRate });
    const keys = new Set([...Object.keys(expected.net), ...Object.keys(inv.totals.net)]);
    for (const b of keys) {
      const label = RATE_LABEL[b] ?? b;
      if (!dec(expected.net[b] ?? '0').eq(dec(inv.totals.net[b] ?? '0'))) {
        err('TOTALS_INCONSISTENT', `totals.net.${b}`, `Suma netto dla stawki ${label} (P_13_${b}) wynosi ${inv.totals.net[b] ?? 'brak'}, a z pozycji wynika ${expected.net[b] ?? '0.00'}.`);
      }
      if ((VAT_BUCKETS as readonly string[]).includes(b) && !dec(expected.vat[b] ?? '0').eq(dec(inv.totals.vat[b] ?? '0'))) {
        err('TOTALS_INCONSISTENT', `totals.vat.${b}`, `Kwota VAT dla stawki ${label} (P_14_${b}) wynosi ${inv.totals.vat[b] ?? 'brak'}, a z pozycji wynika ${expected.vat[b] ?? '0.00'}.`);
      }
    }
  }
  const sum = [...Object.values(inv.totals.net), ...Object.values(inv.totals.vat)].reduce((a, v) => a.plus(dec(v)), dec(0));
  if (!isAdvance && !sum.eq(dec(inv.totals.gross || '0'))) {
    err('GROSS_INCONSISTENT', 'totals.gross', `Kwota należności ogółem (P_15) ${inv.totals.gross} nie jest sumą kwot netto i VAT (${sum.toFixed(2)}).`);
  }

  // Exempt sales need the legal basis (P_19A/B/C), art. 106e ust. 1 pkt 19.
  const zwIdx = inv.lines.findIndex((l) => l.vatRate === 'zw');
  if (zwIdx >= 0 && !inv.annotations.exemption) {
    err(
      'ZW_BASIS_MISSING',
      'annotations.exemption',
      `Pozycja ${inv.lines[zwIdx]!.no} ma stawkę „zw”: podaj podstawę prawną zwolnienia (przepis ustawy, dyrektywy lub inną podstawę – P_19A/P_19B/P_19C).`,
    );
  }
  // Reverse charge needs the "odwrotne obciążenie" annotation (art. 106e ust. 1 pkt 18).
  const ooIdx = inv.lines.findIndex((l) => l.vatRate === 'oo');
  if (ooIdx >= 0 && !inv.annotations.reverseCharge) {
    err('REVERSE_CHARGE_ANNOTATION', 'annotations.reverseCharge', `Pozycja ${inv.lines[ooIdx]!.no} ma stawkę „oo”: faktura musi zawierać adnotację „odwrotne obciążenie” (P_18).`);
  }
  // 0% WDT requires the buyer's EU VAT number (art. 42 ust. 1 pkt 1).
  inv.lines.forEach((l, i) => {
    if (l.vatRate === '0 WDT' && inv.buyer.id.type !== 'eu') {
      err('WDT_BUYER_EU_VAT', `lines[${i}].vatRate`, `Pozycja ${l.no}: stawka 0% WDT wymaga nabywcy z numerem VAT UE (KodUE i NrVatUE).`);
    }
  });

  // Corrections and settlements reference their originals.
  if (isCorrection && !inv.correction?.invoices.length) {
    err('CORRECTION_REFERENCE_MISSING', 'correction.invoices', 'Faktura korygująca musi wskazywać fakturę korygowaną (numer i data wystawienia, numer KSeF jeśli była w KSeF).');
  }
  if (!isCorrection && inv.correction) err('CORRECTION_NOT_ALLOWED', 'correction', `Dane faktury korygowanej podano dla faktury rodzaju ${inv.kind}; użyj rodzaju KOR.`);
  if ((inv.kind === 'ROZ' || inv.kind === 'KOR_ROZ') && !inv.advanceInvoices?.length) {
    err('SETTLEMENT_ADVANCES_MISSING', 'advanceInvoices', 'Faktura rozliczeniowa (ROZ) musi wskazywać faktury zaliczkowe, które rozlicza.');
  }

  // Foreign currency: VAT must also be shown in PLN at the NBP rate (art. 106e ust. 11, art. 31a).
  const hasVat = Object.keys(inv.totals.vat).length > 0 && Object.values(inv.totals.vat).some((v) => !dec(v).isZero());
  if (inv.currency !== 'PLN' && hasVat) {
    const hasRate = inv.exchangeRate !== undefined || inv.lines.some((l) => l.exchangeRate !== undefined);
    if (!hasRate) err('FOREIGN_CURRENCY_RATE', 'exchangeRate', `Faktura w walucie ${inv.currency}: podaj kurs NBP z ostatniego dnia roboczego przed powstaniem obowiązku podatkowego.`);
    else if (Object.keys(inv.totals.vatPln).length === 0) err('FOREIGN_CURRENCY_RATE', 'totals.vatPln', `Faktura w walucie ${inv.currency}: kwoty VAT muszą być wykazane także w złotych (P_14_xW).`);
  }

  // Split payment (MPP) is mandatory when the gross amount exceeds 15 000 zł AND the invoice covers
  // goods/services from annex 15 to the VAT act (art. 108a ust. 1a, art. 106e ust. 1 pkt 18a).
  const rate = inv.currency === 'PLN' ? dec(1) : inv.exchangeRate ? dec(inv.exchangeRate) : undefined;
  const grossPln = rate ? dec(inv.totals.gross || '0').times(rate) : undefined;
  const annex = inv.lines.findIndex((l) => l.annex15);
  if (annex >= 0 && grossPln?.gt(MPP_THRESHOLD_PLN) && !inv.annotations.splitPayment) {
    err(
      'SPLIT_PAYMENT_REQUIRED',
      'annotations.splitPayment',
      `Wymagany mechanizm podzielonej płatności: kwota brutto ${grossPln.toFixed(2)} zł przekracza 15 000 zł, a pozycja ${inv.lines[annex]!.no} dotyczy towaru/usługi z załącznika nr 15 do ustawy o VAT.`,
    );
  }
  if (inv.annotations.splitPayment && annex < 0) {
    err(
      'SPLIT_PAYMENT_REQUIRED',
      'annotations.splitPayment',
      'Adnotację „mechanizm podzielonej płatności” stosuje się tylko do faktur obejmujących towary/usługi z załącznika nr 15 o wartości brutto powyżej 15 000 zł.',
      'warning',
    );
  }

  // Simplified invoice: gross up to 450 zł and the buyer identified by NIP (art. 106e ust. 5 pkt 3).
  if (inv.kind === 'UPR') {
    if (grossPln?.gt(SIMPLIFIED_LIMIT_PLN)) err('SIMPLIFIED_LIMIT', 'totals.gross', `Faktura uproszczona jest dopuszczalna do 450 zł brutto; ta wynosi ${grossPln.toFixed(2)} zł.`);
    if (inv.buyer.id.type !== 'nip') err('SIMPLIFIED_LIMIT', 'buyer.id', 'Faktura uproszczona wymaga NIP nabywcy.');
  }
  return out;
}
