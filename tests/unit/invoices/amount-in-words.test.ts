/**
 * Amounts in Polish words. The expectations are written out by hand (not derived from the code):
 * the plural forms after 2–4 / 12–14 / 22–24, „tysiąc” vs „jeden tysiąc”, the compound „jeden”,
 * and the feminine „dwie” are where such functions go wrong.
 */
import { describe, expect, it } from 'vitest';
import { amountInWords, integerInWords, pluralIndex } from '@/lib/invoices/amount-in-words';

describe('integerInWords', () => {
  const cases: [number | bigint, string][] = [
    [0, 'zero'],
    [1, 'jeden'],
    [2, 'dwa'],
    [5, 'pięć'],
    [10, 'dziesięć'],
    [11, 'jedenaście'],
    [12, 'dwanaście'],
    [13, 'trzynaście'],
    [14, 'czternaście'],
    [15, 'piętnaście'],
    [16, 'szesnaście'],
    [17, 'siedemnaście'],
    [18, 'osiemnaście'],
    [19, 'dziewiętnaście'],
    [20, 'dwadzieścia'],
    [21, 'dwadzieścia jeden'],
    [22, 'dwadzieścia dwa'],
    [25, 'dwadzieścia pięć'],
    [40, 'czterdzieści'],
    [99, 'dziewięćdziesiąt dziewięć'],
    [100, 'sto'],
    [101, 'sto jeden'],
    [112, 'sto dwanaście'],
    [200, 'dwieście'],
    [300, 'trzysta'],
    [400, 'czterysta'],
    [999, 'dziewięćset dziewięćdziesiąt dziewięć'],
    [1000, 'tysiąc'],
    [1001, 'tysiąc jeden'],
    [1100, 'tysiąc sto'],
    [1928, 'tysiąc dziewięćset dwadzieścia osiem'],
    [2000, 'dwa tysiące'],
    [4000, 'cztery tysiące'],
    [5000, 'pięć tysięcy'],
    [11000, 'jedenaście tysięcy'],
    [12000, 'dwanaście tysięcy'],
    [14000, 'czternaście tysięcy'],
    [21000, 'dwadzieścia jeden tysięcy'],
    [22000, 'dwadzieścia dwa tysiące'],
    [24000, 'dwadzieścia cztery tysiące'],
    [25000, 'dwadzieścia pięć tysięcy'],
    [101000, 'sto jeden tysięcy'],
    [102000, 'sto dwa tysiące'],
    [112000, 'sto dwanaście tysięcy'],
    [999999, 'dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć'],
    [1_000_000, 'milion'],
    [1_000_001, 'milion jeden'],
    [1_001_000, 'milion tysiąc'],
    [2_000_000, 'dwa miliony'],
    [5_000_000, 'pięć milionów'],
    [12_000_000, 'dwanaście milionów'],
    [22_000_000, 'dwadzieścia dwa miliony'],
    [1_000_000_000, 'miliard'],
    [3_000_000_000, 'trzy miliardy'],
    [5_000_000_000, 'pięć miliardów'],
    [2_002_002_002, 'dwa miliardy dwa miliony dwa tysiące dwa'],
    [
      999_999_999_999n,
      'dziewięćset dziewięćdziesiąt dziewięć miliardów dziewięćset dziewięćdziesiąt dziewięć milionów dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć',
    ],
  ];
  it.each(cases)('%s → %s', (n, words) => expect(integerInWords(BigInt(n))).toBe(words));

  it('agrees with a feminine or neuter noun in the last group only', () => {
    expect(integerInWords(1n, 'f')).toBe('jedna');
    expect(integerInWords(2n, 'f')).toBe('dwie');
    expect(integerInWords(22n, 'f')).toBe('dwadzieścia dwie');
    expect(integerInWords(21n, 'f')).toBe('dwadzieścia jeden');
    expect(integerInWords(2002n, 'f')).toBe('dwa tysiące dwie'); // „tysiąc” is masculine
    expect(integerInWords(1n, 'n')).toBe('jedno');
    expect(integerInWords(2n, 'n')).toBe('dwa');
  });

  it('refuses numbers outside 0 … 999 999 999 999', () => {
    expect(() => integerInWords(-1n)).toThrow(RangeError);
    expect(() => integerInWords(1_000_000_000_000n)).toThrow(RangeError);
  });
});

describe('pluralIndex', () => {
  it('picks the same form as Intl.PluralRules (pl) for every whole number up to 2000 and some large ones', () => {
    const rules = new Intl.PluralRules('pl-PL');
    const expected = { one: 0, few: 1, many: 2, other: 2 } as const;
    const ns = [...Array.from({ length: 2001 }, (_, i) => i), 12_000, 22_000, 1_000_000, 2_000_000, 5_000_000, 999_999_999_999];
    for (const n of ns) expect(pluralIndex(BigInt(n)), String(n)).toBe(expected[rules.select(n) as keyof typeof expected]);
  });
});

describe('amountInWords', () => {
  const pln: [string, string][] = [
    ['0', 'zero złotych 00/100'],
    ['0.01', 'zero złotych 01/100'],
    ['1', 'jeden złoty 00/100'],
    ['1.5', 'jeden złoty 50/100'],
    ['2.00', 'dwa złote 00/100'],
    ['4', 'cztery złote 00/100'],
    ['5', 'pięć złotych 00/100'],
    ['11', 'jedenaście złotych 00/100'],
    ['12', 'dwanaście złotych 00/100'],
    ['13', 'trzynaście złotych 00/100'],
    ['14', 'czternaście złotych 00/100'],
    ['19', 'dziewiętnaście złotych 00/100'],
    ['21', 'dwadzieścia jeden złotych 00/100'],
    ['22', 'dwadzieścia dwa złote 00/100'],
    ['23.99', 'dwadzieścia trzy złote 99/100'],
    ['25', 'dwadzieścia pięć złotych 00/100'],
    ['101', 'sto jeden złotych 00/100'],
    ['102', 'sto dwa złote 00/100'],
    ['112', 'sto dwanaście złotych 00/100'],
    ['573.62', 'pięćset siedemdziesiąt trzy złote 62/100'],
    ['1000', 'tysiąc złotych 00/100'],
    ['1001', 'tysiąc jeden złotych 00/100'],
    ['1002', 'tysiąc dwa złote 00/100'],
    ['1928.79', 'tysiąc dziewięćset dwadzieścia osiem złotych 79/100'],
    ['2000', 'dwa tysiące złotych 00/100'],
    ['5000', 'pięć tysięcy złotych 00/100'],
    ['12000', 'dwanaście tysięcy złotych 00/100'],
    ['22000', 'dwadzieścia dwa tysiące złotych 00/100'],
    ['1000000', 'milion złotych 00/100'],
    ['2000000', 'dwa miliony złotych 00/100'],
    ['5000000', 'pięć milionów złotych 00/100'],
    [
      '999999999999.99',
      'dziewięćset dziewięćdziesiąt dziewięć miliardów dziewięćset dziewięćdziesiąt dziewięć milionów dziewięćset dziewięćdziesiąt dziewięć tysięcy dziewięćset dziewięćdziesiąt dziewięć złotych 99/100',
    ],
  ];
  it.each(pln)('%s PLN → %s', (amount, words) => expect(amountInWords(amount, 'PLN')).toBe(words));

  it('declines foreign currencies it knows, and writes the code after the others', () => {
    expect(amountInWords('1', 'EUR')).toBe('jedno euro 00/100');
    expect(amountInWords('22.50', 'EUR')).toBe('dwadzieścia dwa euro 50/100');
    expect(amountInWords('1', 'USD')).toBe('jeden dolar amerykański 00/100');
    expect(amountInWords('3', 'USD')).toBe('trzy dolary amerykańskie 00/100');
    expect(amountInWords('1012.30', 'USD')).toBe('tysiąc dwanaście dolarów amerykańskich 30/100');
    expect(amountInWords('2', 'GBP')).toBe('dwa funty szterlingi 00/100');
    expect(amountInWords('15', 'CHF')).toBe('piętnaście franków szwajcarskich 00/100');
    expect(amountInWords('1', 'CZK')).toBe('jedna korona czeska 00/100');
    expect(amountInWords('22', 'CZK')).toBe('dwadzieścia dwie korony czeskie 00/100');
    expect(amountInWords('25', 'CZK')).toBe('dwadzieścia pięć koron czeskich 00/100');
    expect(amountInWords('123.45', 'NOK')).toBe('sto dwadzieścia trzy NOK 45/100');
  });

  it('says „minus” before a negative difference, rounds more than two decimals half up, takes a decimal comma', () => {
    expect(amountInWords('-24.60', 'PLN')).toBe('minus dwadzieścia cztery złote 60/100');
    expect(amountInWords('-0.00', 'PLN')).toBe('zero złotych 00/100');
    expect(amountInWords('1.005', 'PLN')).toBe('jeden złoty 01/100');
    expect(amountInWords('1.999', 'PLN')).toBe('dwa złote 00/100');
    expect(amountInWords('1928,79', 'PLN')).toBe('tysiąc dziewięćset dwadzieścia osiem złotych 79/100');
    // 16 integer digits would already be inexact as a JS number: the string is never converted to one
    expect(() => amountInWords('1234567890123456.78', 'PLN')).toThrow(RangeError);
  });

  it('refuses what it cannot spell', () => {
    expect(() => amountInWords('1000000000000', 'PLN')).toThrow(RangeError);
    expect(() => amountInWords('999999999999.995', 'PLN')).toThrow(RangeError); // rounds to 10¹²
    expect(() => amountInWords('12a', 'PLN')).toThrow(RangeError);
    expect(() => amountInWords('', 'PLN')).toThrow(RangeError);
    expect(() => amountInWords('1e5', 'PLN')).toThrow(RangeError);
  });
});
