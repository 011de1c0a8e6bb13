import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeTotals, lineAmount, roundMoney, RATE_BUCKET, type Line, VAT_RATES } from '@/lib/fa3';

const D = (s: string) => new Decimal(s);

describe('roundMoney (the single rounding rule: half away from zero, 2 decimals)', () => {
  it.each([
    ['0.005', '0.01'],
    ['0.004999', '0'],
    ['1.115', '1.12'],
    ['-0.005', '-0.01'],
    ['2.675', '2.68'], // 2.675 is 2.67499… in binary floating point: decimals avoid that trap
  ])('%s → %s', (a, b) => expect(roundMoney(D(a)).toString()).toBe(D(b).toString()));
});

describe('computeTotals', () => {
  it('net mode: VAT per rate from the rate sum, not per line', () => {
    // Three lines of 0.10 at 23%: per-line VAT would be 3 × 0.02 = 0.06; from the sum 0.30 × 23% = 0.07 (0.069).
    const lines: Line[] = [1, 2, 3].map((n) => ({ no: String(n), quantity: '1', unitNetPrice: '0.10', vatRate: '23' }));
    const t = computeTotals(lines, { mode: 'net' });
    expect(t).toEqual({ net: { '1': '0.30' }, vat: { '1': '0.07' }, vatPln: {}, gross: '0.37' });
  });
  it('gross mode: VAT = gross × rate / (100 + rate), net = gross − VAT', () => {
    const t = computeTotals([{ no: '1', quantity: '1', unitGrossPrice: '100.00', vatRate: '8' }], { mode: 'gross' });
    expect(t).toEqual({ net: { '2': '92.59' }, vat: { '2': '7.41' }, vatPln: {}, gross: '100.00' });
  });
  it('foreign currency: P_14_xW = round(P_14_x × rate)', () => {
    const t = computeTotals([{ no: '1', quantity: '1', unitNetPrice: '100.00', vatRate: '23' }], { mode: 'net', currency: 'EUR', exchangeRate: '4.3012' });
    expect(t.vatPln).toEqual({ '1': '98.93' }); // 23.00 × 4.3012 = 98.9276
  });
  it('correction lines marked "before" are subtracted', () => {
    const t = computeTotals(
      [
        { no: '1', quantity: '1', unitNetPrice: '100', vatRate: '23', before: true },
        { no: '1', quantity: '1', unitNetPrice: '80', vatRate: '23' },
      ],
      { mode: 'net' },
    );
    expect(t).toEqual({ net: { '1': '-20.00' }, vat: { '1': '-4.60' }, vatPln: {}, gross: '-24.60' });
  });
  it('0 %, zw, np and oo have net sums only', () => {
    const rates = ['0 KR', '0 WDT', '0 EX', 'zw', 'np I', 'np II', 'oo'] as const;
    const t = computeTotals(
      rates.map((r, i) => ({ no: String(i), quantity: '1', unitNetPrice: '10', vatRate: r })),
      { mode: 'net' },
    );
    expect(t.vat).toEqual({});
    expect(Object.keys(t.net).sort()).toEqual(['10', '6_1', '6_2', '6_3', '7', '8', '9']);
    expect(t.gross).toBe('70.00');
  });
});

const lineArb = fc.record({
  q: fc.integer({ min: 1, max: 1_000_000 }).map((n) => (n / 1000).toString()),
  p: fc.integer({ min: 0, max: 100_000_000 }).map((c) => (c / 10000).toString()),
  r: fc.constantFrom(...VAT_RATES),
});

describe('property: totals invariants', () => {
  it.each(['net', 'gross'] as const)('%s mode: sums, rounding and P_15 are consistent', (mode) => {
    fc.assert(
      fc.property(fc.array(lineArb, { minLength: 1, maxLength: 30 }), (arr) => {
        const lines: Line[] = arr.map((a, i) => ({ no: String(i + 1), quantity: a.q, vatRate: a.r, [mode === 'net' ? 'unitNetPrice' : 'unitGrossPrice']: a.p }));
        const t = computeTotals(lines, { mode });
        let expectGross = D('0');
        for (const [bucket, net] of Object.entries(t.net)) {
          const ls = lines.filter((l) => RATE_BUCKET[l.vatRate!] === bucket);
          const sum = ls.reduce((s, l) => s.plus(lineAmount(l, mode)), D('0'));
          const rate = Number(ls[0]!.vatRate);
          const vat = D(t.vat[bucket] ?? '0');
          if (mode === 'net') {
            expect(D(net).eq(sum)).toBe(true);
            if (!Number.isNaN(rate) && bucket !== '1' && bucket !== '2' && bucket !== '4') expect(vat.eq(roundMoney(sum.times(rate).div(100)))).toBe(true);
          } else {
            expect(D(net).plus(vat).eq(sum)).toBe(true); // gross mode never loses a grosz
          }
          expect(D(net).decimalPlaces()).toBeLessThanOrEqual(2);
          expect(vat.decimalPlaces()).toBeLessThanOrEqual(2);
          expectGross = expectGross.plus(net).plus(vat);
        }
        expect(D(t.gross).eq(expectGross)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
