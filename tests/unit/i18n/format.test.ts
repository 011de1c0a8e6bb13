import { describe, expect, it } from 'vitest';
import { formatAmount, formatDate, formatMoney, formatNip } from '@/lib/i18n/format';
import { translator } from '@/lib/i18n';
import { en } from '@/lib/i18n/messages/en';
import { pl } from '@/lib/i18n/messages/pl';

const NBSP = '\u00a0';

describe('Polish formatting', () => {
  it('groups thousands with a no-break space and uses a decimal comma, from exact strings', () => {
    expect(formatMoney('1234.56')).toBe(`1${NBSP}234,56${NBSP}zł`);
    expect(formatMoney('1234567.5')).toBe(`1${NBSP}234${NBSP}567,50${NBSP}zł`);
    expect(formatMoney('-0.01')).toBe(`-0,01${NBSP}zł`);
    expect(formatMoney('999')).toBe(`999,00${NBSP}zł`);
    expect(formatMoney('100.00', 'EUR')).toBe(`100,00${NBSP}EUR`);
    // Beyond float precision: still exact.
    expect(formatAmount('12345678901234567.89')).toBe(`12${NBSP}345${NBSP}678${NBSP}901${NBSP}234${NBSP}567,89`);
  });

  it('formats dates as DD.MM.YYYY in Polish and ISO in English', () => {
    expect(formatDate('2026-11-24')).toBe('24.11.2026');
    expect(formatDate(new Date('2026-01-05T00:00:00Z'))).toBe('05.01.2026');
    // An instant is shown as its day in Poland: 23:25 UTC on 24 Nov is 00:25 on 25 Nov in Warsaw.
    expect(formatDate(new Date('2026-11-24T23:25:00Z'))).toBe('25.11.2026');
    expect(formatDate('2026-11-24T23:25:00.000Z')).toBe('25.11.2026');
    expect(formatDate('2026-11-24', 'en')).toBe('2026-11-24');
    expect(formatMoney('1234.56', 'PLN', 'en')).toBe('PLN 1,234.56');
  });

  it('formats a NIP in the usual groups', () => {
    expect(formatNip('5265877635')).toBe('526-587-76-35');
  });
});

describe('messages', () => {
  it('English has every Polish key and no empty text', () => {
    const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
    expect(keys(en).sort()).toEqual(keys(pl).sort());
    for (const k of keys(pl)) expect(translator('pl')(k).length, k).toBeGreaterThan(0);
  });

  it('interpolates parameters and shows an unknown key as itself', () => {
    expect(translator('pl')('invoices.total', { count: 3 })).toBe('Razem: 3');
    expect(translator('pl')('no.such.key')).toBe('no.such.key');
  });
});
