import { describe, expect, it } from 'vitest';
import { checkInvoice, completeInvoice, RULE_CODES, type Invoice, type InvoiceDraft, type RuleCode } from '@/lib/fa3';
import { drafts } from '@/tests/fixtures/fa3/invoices';

const TODAY = '2026-02-01';
const make = (name: string, change: (d: InvoiceDraft) => InvoiceDraft | void): Invoice => {
  const d = structuredClone(drafts[name]!);
  return completeInvoice(change(d) ?? d);
};
const only = (inv: Invoice, code: RuleCode) => checkInvoice(inv, { today: TODAY }).filter((v) => v.code === code);

describe('business rules: each fixture is clean', () => {
  it.each(Object.keys(drafts))('%s has no violations', (name) => {
    expect(
      checkInvoice(
        make(name, () => {}),
        { today: TODAY },
      ).filter((v) => v.severity === 'error'),
    ).toEqual([]);
  });
});

// One case per rule: [code, fixture, mutation, expected path, a fragment of the Polish message].
const cases: [RuleCode, string, (d: InvoiceDraft) => void, string, RegExp][] = [
  ['NIP_CHECKSUM', 'vat-domestic-rates', (d) => void (d.buyer.id = { type: 'nip', nip: '3861610228' }), 'buyer.id.nip', /NIP nabywcy 3861610228 jest nieprawidłowy/],
  ['DATE_INVALID', 'vat-domestic-rates', (d) => void (d.saleDate = '2026-02-30'), 'saleDate', /Data 30.02.2026 nie istnieje/],
  ['ISSUE_DATE_IN_FUTURE', 'vat-domestic-rates', (d) => void (d.issueDate = '2026-03-01'), 'issueDate', /nie może być późniejsza niż data przyjęcia faktury do KSeF/],
  ['SALE_PERIOD_ORDER', 'vat-domestic-rates', (d) => void ((d.saleDate = undefined), (d.salePeriod = { from: '2026-01-31', to: '2026-01-01' })), 'salePeriod.to', /wcześniejszy niż jego początek/],
  [
    'DUE_DATE_BEFORE_ISSUE',
    'vat-domestic-rates',
    (d) => void (d.payment!.dueDates = [{ date: '2026-01-01' }]),
    'payment.dueDates[0].date',
    /Termin płatności 01.01.2026 jest wcześniejszy niż data wystawienia 31.01.2026/,
  ],
  ['LINES_REQUIRED', 'vat-domestic-rates', (d) => void (d.lines = []), 'lines', /co najmniej jedną pozycję/],
  ['LINE_VAT_RATE_MISSING', 'vat-domestic-rates', (d) => void delete d.lines[1]!.vatRate, 'lines[1].vatRate', /Pozycja 2: podaj stawkę VAT/],
  ['LINE_AMOUNT_INCONSISTENT', 'vat-domestic-rates', (d) => void (d.lines[0]!.net = '299.99'), 'lines[0].net', /Pozycja 1: wartość netto 299.99 nie zgadza się .* = 300.00/],
  [
    'TOTALS_INCONSISTENT',
    'vat-domestic-rates',
    (d) => void (d.totals = { net: { '1': '300.00', '2': '139.93', '3': '3.33', '6_1': '50.00' }, vat: { '1': '69.01', '2': '11.19', '3': '0.17' }, vatPln: {}, gross: '573.63' }),
    'totals.vat.1',
    /Kwota VAT dla stawki 23%\/22% \(P_14_1\) wynosi 69.01, a z pozycji wynika 69.00/,
  ],
  ['GROSS_INCONSISTENT', 'zal-advance', (d) => void ((d.kind = 'VAT'), (d.lines = []), (d.totals!.gross = '1230.01')), 'totals.gross', /P_15\) 1230.01 nie jest sumą kwot netto i VAT \(1230.00\)/],
  ['ZW_BASIS_MISSING', 'vat-exempt-zw', (d) => void delete d.annotations.exemption, 'annotations.exemption', /stawkę „zw”: podaj podstawę prawną zwolnienia/],
  ['REVERSE_CHARGE_ANNOTATION', 'vat-reverse-charge-oo', (d) => void (d.annotations.reverseCharge = false), 'annotations.reverseCharge', /„odwrotne obciążenie” \(P_18\)/],
  ['WDT_BUYER_EU_VAT', 'vat-wdt-eu-buyer', (d) => void (d.buyer.id = { type: 'nip', nip: '3861610227' }), 'lines[0].vatRate', /0% WDT wymaga nabywcy z numerem VAT UE/],
  ['CORRECTION_REFERENCE_MISSING', 'kor-correction', (d) => void delete d.correction, 'correction.invoices', /musi wskazywać fakturę korygowaną/],
  ['CORRECTION_NOT_ALLOWED', 'vat-domestic-rates', (d) => void (d.correction = { invoices: [{ issueDate: '2026-01-01', number: 'X' }] }), 'correction', /użyj rodzaju KOR/],
  ['SETTLEMENT_ADVANCES_MISSING', 'roz-settlement', (d) => void delete d.advanceInvoices, 'advanceInvoices', /musi wskazywać faktury zaliczkowe/],
  ['FOREIGN_CURRENCY_RATE', 'vat-export-foreign-currency', (d) => void delete d.exchangeRate, 'exchangeRate', /walucie USD: podaj kurs NBP/],
  [
    'SPLIT_PAYMENT_REQUIRED',
    'vat-split-payment',
    (d) => void (d.annotations.splitPayment = false),
    'annotations.splitPayment',
    /przekracza 15 000 zł, a pozycja 1 dotyczy towaru\/usługi z załącznika nr 15/,
  ],
  ['SIMPLIFIED_LIMIT', 'upr-simplified', (d) => void (d.lines[0]!.unitNetPrice = '400.00'), 'totals.gross', /do 450 zł brutto; ta wynosi 492.00 zł/],
  ['NEGATIVE_AMOUNT', 'vat-domestic-rates', (d) => void (d.lines[1]!.quantity = '-3'), 'lines[1].quantity', /Pozycja 2: ilość -3 jest ujemna\. .*fakturą korygującą \(KOR\)/],
];

describe('business rules: one failing case per rule', () => {
  it('covers every rule code', () => expect(new Set(cases.map((c) => c[0]))).toEqual(new Set(RULE_CODES)));
  it.each(cases)('%s', (code, fixture, mutate, path, message) => {
    const found = only(make(fixture, mutate), code);
    expect(found.map((v) => v.path)).toContain(path);
    expect(found.find((v) => v.path === path)!.message).toMatch(message);
  });

  it('split payment below the threshold is not required', () => {
    expect(
      only(
        make('vat-split-payment', (d) => void ((d.annotations.splitPayment = false), (d.lines[0]!.unitNetPrice = '12000.00'))),
        'SPLIT_PAYMENT_REQUIRED',
      ),
    ).toEqual([]);
  });
  it('an internal id (IDWew) with a bad NIP is reported', () => {
    const inv = make('vat-split-payment', (d) => void (d.thirdParties![0]!.id = { type: 'internal', internalId: '5265877636-00001' }));
    expect(only(inv, 'NIP_CHECKSUM')[0]).toMatchObject({ path: 'thirdParties[0].id.internalId' });
  });
});
