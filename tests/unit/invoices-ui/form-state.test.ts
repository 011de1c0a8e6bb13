import { describe, expect, it } from 'vitest';
import { invoiceFormInput } from '@/lib/invoices/form';
import { computeTotals } from '@/lib/fa3/totals';
import { emptyLine, formatDecimal, initialFormState, liveTotals, lineValue, parseDecimal, toPayload, totalsViewOf, validateForm, type FormState } from '@/components/invoices/form-state';

const BUYER = '0f8fad5b-d9cb-469f-a165-70867728950e';

function filled(over: Partial<FormState> = {}): FormState {
  const s = initialFormState(undefined, '2026-03-10');
  return {
    ...s,
    buyerContractorId: BUYER,
    lines: [{ ...emptyLine('23'), name: 'Usługa', quantity: '2', unit: 'h', unitPrice: '100,50' }],
    ...over,
  };
}

describe('form state → payload', () => {
  it('is accepted by the shared schema, with the comma decimals normalized by it', () => {
    const payload = toPayload(filled());
    const parsed = invoiceFormInput.parse(payload);
    expect(parsed.lines[0]).toMatchObject({ unitPrice: '100.50', quantity: '2', vatRate: '23' });
    expect(parsed.issueDate).toBe('2026-03-10');
  });

  it('drops empty optional fields and never sends the React line key', () => {
    const payload = toPayload(filled({ saleDate: '', dueDate: '', bankAccount: '  ', notes: '' }));
    expect(payload).not.toHaveProperty('saleDate');
    expect(payload).not.toHaveProperty('dueDate');
    expect(payload).not.toHaveProperty('bankAccount');
    expect(payload).not.toHaveProperty('notes');
    expect(payload.lines[0]).not.toHaveProperty('key');
    expect(payload.lines[0]).not.toHaveProperty('discount');
  });

  it('sends the exemption only when a line is "zw", and forces reverse charge for "oo"', () => {
    const zw = filled({ exemptionBasis: 'A', exemptionText: 'art. 43 ust. 1 pkt 37' });
    expect(toPayload(zw)).not.toHaveProperty('exemption');
    zw.lines = [{ ...zw.lines[0]!, vatRate: 'zw' }];
    expect(toPayload(zw).exemption).toEqual({ basis: 'A', text: 'art. 43 ust. 1 pkt 37' });
    const oo = filled();
    oo.lines = [{ ...oo.lines[0]!, vatRate: 'oo' }];
    expect(toPayload(oo).reverseCharge).toBe(true);
    expect(toPayload(filled()).reverseCharge).toBe(false);
  });

  it('sends the exchange rate only for a foreign currency and correction fields only for KOR', () => {
    expect(toPayload(filled({ exchangeRate: '4,30' }))).not.toHaveProperty('exchangeRate');
    expect(toPayload(filled({ currency: 'EUR', exchangeRate: '4,30' })).exchangeRate).toBe('4,30');
    expect(toPayload(filled({ correctedInvoiceId: BUYER, correctionReason: 'x' }))).not.toHaveProperty('correctedInvoiceId');
    expect(toPayload(filled({ kind: 'KOR', correctedInvoiceId: BUYER, correctionReason: 'zwrot' }))).toMatchObject({ correctedInvoiceId: BUYER, correctionReason: 'zwrot' });
  });

  it('round-trips saved form data (dots back to commas for the Polish user)', () => {
    const saved = invoiceFormInput.parse(toPayload(filled({ dueDate: '2026-03-24', paymentMethod: '6' })));
    const again = initialFormState(saved, '2030-01-01');
    expect(again.lines[0]!.unitPrice).toBe('100,50');
    expect(again.issueDate).toBe('2026-03-10');
    expect(invoiceFormInput.parse(toPayload(again))).toEqual(saved);
  });
});

describe('client validation', () => {
  it('keys errors like the server does (lines.0.unitPrice, buyerContractorId, exemption.text)', () => {
    const s = filled({ buyerContractorId: '' });
    s.lines = [{ ...s.lines[0]!, unitPrice: 'abc', vatRate: 'zw' }];
    const errors = validateForm(s);
    expect(errors['buyerContractorId']).toBe('validation.buyerRequired');
    expect(errors['lines.0.unitPrice']).toBe('validation.unitPriceFormat');
    expect(errors['exemption.basis']).toBe('validation.exemptionBasis');
    expect(errors['exemption.text']).toBe('validation.exemptionText');
  });

  it('has no errors for a complete invoice', () => {
    expect(validateForm(filled())).toEqual({});
  });
});

describe('live totals', () => {
  it('match lib/fa3 computeTotals per rate, in net mode', () => {
    const s = filled();
    s.lines = [
      { ...emptyLine('23'), name: 'A', quantity: '3', unit: 'szt.', unitPrice: '10,01' },
      { ...emptyLine('23'), name: 'B', quantity: '1', unit: 'szt.', unitPrice: '0,05' },
      { ...emptyLine('8'), name: 'C', quantity: '1,5', unit: 'kg', unitPrice: '19,99', discount: '1' },
      { ...emptyLine('zw'), name: 'D', quantity: '1', unit: 'szt.', unitPrice: '100' },
    ];
    const view = liveTotals(s);
    const expected = computeTotals(
      [
        { no: '1', quantity: '3', unitNetPrice: '10.01', vatRate: '23' },
        { no: '2', quantity: '1', unitNetPrice: '0.05', vatRate: '23' },
        { no: '3', quantity: '1.5', unitNetPrice: '19.99', discount: '1', vatRate: '8' },
        { no: '4', quantity: '1', unitNetPrice: '100', vatRate: 'zw' },
      ],
      { mode: 'net' },
    );
    expect(view.rows.map((r) => [r.rate, r.net, r.vat ?? null, r.gross])).toEqual([
      ['23', '30.08', '6.92', '37.00'],
      ['8', '28.99', '2.32', '31.31'],
      ['zw', '100.00', null, '100.00'],
    ]);
    expect(view.gross).toBe(expected.gross);
    expect(view).toMatchObject({ net: '159.07', vat: '9.24', gross: '168.31', incompleteLines: [] });
  });

  it('compute VAT from the gross sum per rate in gross mode', () => {
    const s = filled({ priceMode: 'gross' });
    s.lines = [{ ...emptyLine('23'), name: 'A', quantity: '1', unit: 'szt.', unitPrice: '123' }];
    expect(liveTotals(s).rows[0]).toMatchObject({ net: '100.00', vat: '23.00', gross: '123.00' });
    expect(lineValue(s.lines[0]!, 'gross')).toBe('123.00');
  });

  it('skip incomplete lines and say which', () => {
    const s = filled();
    s.lines = [...s.lines, { ...emptyLine('23'), unitPrice: '' }, { ...emptyLine(''), unitPrice: '5' }];
    const view = liveTotals(s);
    expect(view.incompleteLines).toEqual([2, 3]);
    expect(view.gross).toBe('247.23');
  });

  it('show VAT in PLN for a foreign currency with an exchange rate', () => {
    const s = filled({ currency: 'EUR', exchangeRate: '4,2512' });
    expect(liveTotals(s).rows[0]).toMatchObject({ vat: '46.23', vatPln: '196.53' });
  });

  it('subtract the corrected invoice’s lines for a correction (the difference)', () => {
    const s = filled();
    s.lines = [{ ...emptyLine('23'), name: 'A', quantity: '1', unit: 'szt.', unitPrice: '80' }];
    const view = liveTotals(s, [{ no: '1', name: 'A', quantity: '1', unitNetPrice: '100', net: '100.00', vatRate: '23' }]);
    expect(view).toMatchObject({ net: '-20.00', vat: '-4.60', gross: '-24.60' });
  });

  it('render stored FA(3) totals the same way', () => {
    const view = totalsViewOf({ net: { '1': '100.00', '7': '50.00' }, vat: { '1': '23.00' }, vatPln: {}, gross: '173.00' });
    expect(view.rows).toEqual([
      { bucket: '1', rate: '23', net: '100.00', vat: '23.00', gross: '123.00' },
      { bucket: '7', rate: 'zw', net: '50.00', gross: '50.00' },
    ]);
    expect(view).toMatchObject({ net: '150.00', vat: '23.00', gross: '173.00' });
  });
});

describe('decimal helpers', () => {
  it('parse what a Polish user types', () => {
    expect(parseDecimal('1 234,56')).toBe('1234.56');
    expect(parseDecimal('12,')).toBeUndefined();
    expect(parseDecimal('')).toBeUndefined();
  });

  it('format quantities and unit prices without losing digits', () => {
    expect(formatDecimal('1234.125')).toBe('1\u00a0234,125');
    expect(formatDecimal('12.5', 'pl', 2)).toBe('12,50');
    expect(formatDecimal('3.000000')).toBe('3');
    expect(formatDecimal('1234.5', 'en', 2)).toBe('1,234.50');
  });
});
