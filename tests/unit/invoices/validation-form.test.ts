import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FA3_SCHEMA_ENTRY, issueFa3 } from '@/lib/fa3';
import { completeInvoice } from '@/lib/fa3/totals';
import { translator } from '@/lib/i18n';
import { FA3_CURRENCIES, FA3_LIMITS, invoiceDraftInput, invoiceFormInput, normalizeDecimal } from '@/lib/invoices/form';
import { fieldErrors } from '@/lib/server/validation';
import { toFa3Draft, type BuyerData, type SellerData } from '@/lib/server/invoices/to-fa3';

const pl = translator('pl');
const en = translator('en');
const BUYER = '5b0e7f0e-3f0a-4a57-9d43-0d7c54d5f2a1';

const form = (over: Record<string, unknown> = {}) => ({
  kind: 'VAT',
  buyerContractorId: BUYER,
  issueDate: '2026-03-10',
  saleDate: '2026-03-10',
  currency: 'PLN',
  priceMode: 'net',
  lines: [
    { name: 'Usługa programistyczna', quantity: '10', unit: 'h', unitPrice: '150,00', vatRate: '23' },
    { name: 'Książka', quantity: '2', unit: 'szt.', unitPrice: '39.90', vatRate: '5' },
    { name: 'Dostawa', quantity: '1', unit: 'usł.', unitPrice: '100', vatRate: '23' },
  ],
  paymentMethod: '6',
  dueDate: '2026-03-24',
  ...over,
});
const withLine = (index: number, line: Record<string, unknown>, over: Record<string, unknown> = {}) => {
  const f = form(over);
  f.lines[index] = { ...f.lines[index]!, ...line };
  return f;
};

/** The field errors issuing reports for this input (what the server sends to the form). */
const issueErrors = (input: unknown) => {
  const r = invoiceFormInput.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};
const draftErrors = (input: unknown) => {
  const r = invoiceDraftInput.safeParse(input);
  return r.success ? {} : fieldErrors(r.error);
};

describe('a regular invoice never goes below zero (refused before numbering, at the field)', () => {
  it.each(['VAT', 'ZAL', 'ROZ', 'UPR'])('%s: quantity −3 on line 3', (kind) => {
    const errors = issueErrors(withLine(2, { quantity: '-3' }, { kind }));
    expect(errors).toEqual({ 'lines.2.quantity': 'validation.negativeQuantity' });
    expect(pl(errors['lines.2.quantity']!)).toMatch(/ilość nie może być ujemna.*fakturę korygującą \(KOR\)/);
    expect(en(errors['lines.2.quantity']!)).toMatch(/cannot be negative.*correction \(faktura korygująca, KOR\)/);
  });

  it('a unit price of −100', () => {
    const errors = issueErrors(withLine(0, { unitPrice: '-100' }));
    expect(errors).toEqual({ 'lines.0.unitPrice': 'validation.negativePrice' });
    expect(pl(errors['lines.0.unitPrice']!)).toMatch(/cena nie może być ujemna.*korygującą \(KOR\)/);
  });

  it('a 500 zł discount on a 100 zł line, and a negative discount', () => {
    expect(issueErrors(withLine(2, { discount: '500' }))).toEqual({ 'lines.2.discount': 'validation.discountTooLarge' });
    expect(pl('validation.discountTooLarge')).toMatch(/większy niż wartość pozycji.*nie może być ujemna.*\(KOR\)/);
    expect(issueErrors(withLine(2, { discount: '100' }))).toEqual({});
    expect(issueErrors(withLine(2, { discount: '-5' }))).toEqual({ 'lines.2.discount': 'validation.negativeDiscount' });
  });

  it('a correction (KOR) keeps its negative differences', () => {
    const kor = withLine(0, { quantity: '-3', unitPrice: '-100' }, { kind: 'KOR', correctedInvoiceId: '0e5f6f4a-8a0b-4f55-8f3e-2f1a5f7c9d10' });
    expect(issueErrors(kor)).toEqual({});
  });

  it('a draft may be negative (it is refused when issued)', () => {
    expect(draftErrors(withLine(0, { quantity: '-3' }))).toEqual({});
  });
});

describe('limits say the limit', () => {
  it('10^15 as a price: at most 14 digits before the point', () => {
    const errors = issueErrors(withLine(0, { unitPrice: '1000000000000000' }));
    expect(errors).toEqual({ 'lines.0.unitPrice': 'validation.unitPriceDigits' });
    expect(pl(errors['lines.0.unitPrice']!)).toMatch(/najwyżej 14 cyfr przed przecinkiem/);
  });

  it('1,123456789 as a quantity: at most 6 decimals', () => {
    const errors = issueErrors(withLine(0, { quantity: '1,123456789' }));
    expect(errors).toEqual({ 'lines.0.quantity': 'validation.quantityDecimals' });
    expect(pl(errors['lines.0.quantity']!)).toMatch(/najwyżej 6 cyfr po przecinku/);
    expect(issueErrors(withLine(0, { quantity: '1,123456' }))).toEqual({});
  });

  it('prices have 8 decimals, discounts 8, rates 6; words are not numbers', () => {
    expect(issueErrors(withLine(0, { unitPrice: '1,123456789' }))).toEqual({ 'lines.0.unitPrice': 'validation.unitPriceDecimals' });
    expect(issueErrors(withLine(0, { discount: '0,123456789' }))).toEqual({ 'lines.0.discount': 'validation.discountDecimals' });
    expect(issueErrors(form({ currency: 'EUR', exchangeRate: '4,1234567' }))).toEqual({ exchangeRate: 'validation.exchangeRateDecimals' });
    expect(issueErrors(form({ currency: 'EUR', exchangeRate: '0' }))).toEqual({ exchangeRate: 'validation.exchangeRatePositive' });
    expect(issueErrors(withLine(1, { quantity: 'dwa' }))).toEqual({ 'lines.1.quantity': 'validation.quantityFormat' });
    expect(pl('validation.unitPriceDecimals')).toMatch(/8 cyfr po przecinku/);
  });

  it('a line value and the totals fit FA(3) amounts (16 digits), in a draft too', () => {
    const big = withLine(0, { quantity: '1000', unitPrice: '99999999999999' });
    expect(issueErrors(big)).toEqual({ 'lines.0.unitPrice': 'validation.lineValueTooLarge' });
    expect(draftErrors(big)).toEqual({ 'lines.0.unitPrice': 'validation.lineValueTooLarge' });
    const total = form({
      lines: [
        { name: 'A', quantity: '70', unit: 'szt.', unitPrice: '99999999999999', vatRate: '23' },
        { name: 'B', quantity: '70', unit: 'szt.', unitPrice: '99999999999999', vatRate: '8' },
      ],
    });
    expect(issueErrors(total)).toEqual({ lines: 'validation.totalTooLarge' });
    expect(pl('validation.totalTooLarge')).toMatch(/16 cyfr/);
  });

  it('too long texts name their maximum', () => {
    expect(issueErrors(withLine(0, { name: 'x'.repeat(513) }))).toEqual({ 'lines.0.name': 'validation.maxLength.512' });
    expect(issueErrors(withLine(0, { unit: 'x'.repeat(21) }))).toEqual({ 'lines.0.unit': 'validation.maxLength.20' });
    expect(issueErrors(form({ issuePlace: 'x'.repeat(257) }))).toEqual({ issuePlace: 'validation.maxLength.256' });
    expect(pl('validation.maxLength.512')).toBe('Najwyżej 512 znaków.');
    expect(pl('validation.maxLength.254')).toBe('Najwyżej 254 znaki.');
    expect(en('validation.maxLength.20')).toBe('At most 20 characters.');
  });

  it('notes: a draft keeps 3500 characters, FA(3) takes 256', () => {
    const long = form({ notes: 'Uwaga '.repeat(60) });
    expect(draftErrors(long)).toEqual({});
    expect(issueErrors(long)).toEqual({ notes: 'validation.maxLength.256' });
    expect(draftErrors(form({ notes: 'x'.repeat(3501) }))).toEqual({ notes: 'validation.maxLength.3500' });
  });

  it('control characters (unreadable in XML) are refused', () => {
    expect(issueErrors(withLine(0, { name: 'Usługa\u0001' }))).toEqual({ 'lines.0.name': 'validation.controlCharacters' });
    expect(issueErrors(form({ notes: 'linia 1\nlinia 2\ttab' }))).toEqual({});
  });

  it('currencies: only the FA(3) dictionary', () => {
    expect(issueErrors(form({ currency: 'XYZ', exchangeRate: '4' }))).toEqual({ currency: 'validation.currencyUnknown' });
    expect(issueErrors(form({ currency: 'eur', exchangeRate: '4,2512' }))).toEqual({});
    const xsd = fs.readFileSync(FA3_SCHEMA_ENTRY, 'utf8');
    const block = /<xsd:simpleType name="TKodWaluty">([\s\S]*?)<\/xsd:simpleType>/.exec(xsd)![1]!;
    expect([...FA3_CURRENCIES].sort()).toEqual([...block.matchAll(/<xsd:enumeration value="([A-Z]{3})"/g)].map((m) => m[1]).sort());
  });

  it('numbers are normalised as FA(3) writes them', () => {
    expect(['1 234,50', '007', ',5', '-0', '00.25', '12'].map(normalizeDecimal)).toEqual(['1234.50', '7', '0.5', '0', '0.25', '12']);
    expect(invoiceFormInput.parse(withLine(0, { quantity: '007' })).lines[0]!.quantity).toBe('7');
  });
});

describe('dates: the schema ranges, Polish style', () => {
  it('a due date of 31.12.2099 is refused at the due date, quoting Polish dates', () => {
    const errors = issueErrors(form({ dueDate: '2099-12-31' }));
    expect(errors).toEqual({ dueDate: 'validation.dueDateRange' });
    const text = pl(errors.dueDate!);
    expect(text).toContain('01.07.2016');
    expect(text).toContain('01.01.2050');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it('issue and sale dates within 01.01.2006–01.01.2050; the due date not before the issue date', () => {
    expect(issueErrors(form({ issueDate: '2005-12-31', saleDate: '2051-01-01', dueDate: '' }))).toEqual({ issueDate: 'validation.issueDateRange', saleDate: 'validation.saleDateRange' });
    expect(issueErrors(form({ dueDate: '2026-03-01' }))).toEqual({ dueDate: 'validation.dueDateBeforeIssue' });
    expect(issueErrors(form({ dueDate: '2050-01-01' }))).toEqual({});
    expect(pl('validation.date')).not.toMatch(/RRRR-MM-DD/);
  });
});

describe('a draft is a draft; issuing needs the rest', () => {
  const unfinished = form({ buyerContractorId: '', lines: [{ name: '', quantity: '1', unit: 'szt.', unitPrice: '', vatRate: '' }] });

  it('saves without a buyer and without a priced line', () => {
    expect(draftErrors(unfinished)).toEqual({});
    expect(draftErrors(form({ buyerContractorId: undefined, lines: [] }))).toEqual({});
  });

  it('issuing asks for the buyer and each missing part of a line, at its field', () => {
    expect(issueErrors(unfinished)).toEqual({
      buyerContractorId: 'validation.buyerRequired',
      'lines.0.name': 'validation.required',
      'lines.0.unitPrice': 'validation.priceRequired',
      'lines.0.vatRate': 'validation.vatRate',
    });
    expect(issueErrors(form({ lines: [] }))).toEqual({ lines: 'validation.linesRequired' });
  });

  it('a draft still refuses what is not well-formed', () => {
    expect(draftErrors(withLine(0, { unitPrice: 'sto' }))).toEqual({ 'lines.0.unitPrice': 'validation.unitPriceFormat' });
    expect(draftErrors(form({ buyerContractorId: 'not-an-id' }))).toEqual({ buyerContractorId: 'validation.buyerRequired' });
  });

  it('all problems show at once, not one after each fix', () => {
    const errors = issueErrors(withLine(0, { quantity: '-3', unitPrice: 'abc' }, { buyerContractorId: '', dueDate: '2099-12-31', exemption: { basis: '', text: '' } }));
    expect(errors).toMatchObject({
      buyerContractorId: 'validation.buyerRequired',
      'lines.0.quantity': 'validation.negativeQuantity',
      'lines.0.unitPrice': 'validation.unitPriceFormat',
      dueDate: 'validation.dueDateRange',
    });
  });

  it('junk from a crafted request gets messages, never a crash or zod English', () => {
    for (const junk of [null, 42, { lines: 'x' }, { lines: [null, 7, { quantity: 5 }] }, form({ kind: 'FOO', vatRate: 1, lines: [{ quantity: 3, unitPrice: {} }] })]) {
      const r = invoiceFormInput.safeParse(junk);
      expect(r.success).toBe(false);
      for (const key of Object.values(fieldErrors(r.error!))) expect(pl(key)).not.toBe(key);
    }
  });
});

describe('every message the schema gives exists in Polish and English', () => {
  it('no key renders as itself', () => {
    const inputs = [
      withLine(0, { quantity: '-3', unitPrice: '-1', discount: '-1', name: '', unit: '' }),
      withLine(0, { quantity: '0', unitPrice: '', vatRate: '' }),
      withLine(0, { quantity: 'x', unitPrice: 'x', discount: 'x' }),
      withLine(0, { quantity: '1'.repeat(17), unitPrice: '1'.repeat(15), discount: '1'.repeat(15) }),
      withLine(0, { quantity: '1.1234567', unitPrice: '1.123456789', discount: '1.123456789', name: 'a\u0007' }),
      withLine(2, { discount: '500' }, { currency: 'XYZ', issueDate: 'x', dueDate: '2099-01-01', notes: 'x'.repeat(300), exchangeRate: '0' }),
      form({ currency: 'EUR', exchangeRate: 'x', bankAccount: '12', paymentMethod: '9', kind: 'X' }),
    ];
    const keys = new Set(inputs.flatMap((i) => Object.values(issueErrors(i))));
    expect(keys.size).toBeGreaterThan(15);
    for (const key of keys) {
      expect(pl(key), key).not.toBe(key);
      expect(en(key), key).not.toBe(key);
    }
  });
});

describe('what the form accepts, the official XSD accepts', () => {
  const seller: SellerData = { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.', addressLine1: 'ul. Testowa 1', addressLine2: '00-001 Warszawa', countryCode: 'PL' };
  const buyer: BuyerData = {
    kind: 'PL_COMPANY',
    name: 'Nabywca S.A.',
    nip: '7251801126',
    euVatId: null,
    taxId: null,
    countryCode: 'PL',
    addressLine1: 'ul. Kupiecka 2',
    addressLine2: '00-950 Warszawa',
    email: null,
  };
  const issue = (input: unknown) => {
    const data = invoiceFormInput.parse(input);
    return issueFa3(completeInvoice(toFa3Draft(data, { seller, buyer, number: 'FV/1/03/2026', createdAt: '2026-03-10T10:00:00Z' })), { today: data.issueDate });
  };

  it('at every limit the form allows', () => {
    const edge = form({
      issueDate: FA3_LIMITS.invoiceDate.max,
      saleDate: FA3_LIMITS.invoiceDate.min,
      dueDate: FA3_LIMITS.dueDate.max,
      issuePlace: 'M'.repeat(256),
      notes: 'N'.repeat(256),
      currency: 'XXX',
      exchangeRate: '4,123456',
      lines: [
        { name: 'Ż'.repeat(512), quantity: '1,123456', unit: 'u'.repeat(20), unitPrice: '99999999,12345678', discount: '0,12345678', vatRate: '23' },
        { name: 'B', quantity: '007', unit: 'szt.', unitPrice: ',5', vatRate: 'zw' },
      ],
      exemption: { basis: 'A', text: 'art. 43 ust. 1 pkt 18 ustawy'.padEnd(256, '.') },
    });
    expect(() => issue(edge)).not.toThrow();
  });

  it('at the largest line value and total', () => {
    const big = form({ lines: [{ name: 'A', quantity: '100', unit: 'szt.', unitPrice: '81300813008130', vatRate: '23' }] });
    expect(invoiceFormInput.safeParse(big).success).toBe(true);
    expect(issue(big).invoice.totals.gross).toBe('9999999999999990.00');
  });
});
