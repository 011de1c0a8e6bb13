import { describe, expect, it } from 'vitest';
import { translator } from '@/lib/i18n';

describe('plural forms', () => {
  it('Polish takes the form Intl.PluralRules gives for each number', () => {
    const t = translator('pl');
    const progress = (n: number) => t('purchases.progress', { fetched: n, created: 0 });
    expect(progress(1)).toBe('Pobrano 1 fakturę, w tym nowych: 0.');
    expect(progress(3)).toBe('Pobrano 3 faktury, w tym nowych: 0.');
    expect(progress(5)).toBe('Pobrano 5 faktur, w tym nowych: 0.');
    expect(progress(12)).toBe('Pobrano 12 faktur, w tym nowych: 0.');
    expect(progress(22)).toBe('Pobrano 22 faktury, w tym nowych: 0.');
    expect(progress(112)).toBe('Pobrano 112 faktur, w tym nowych: 0.');
    expect(progress(0)).toBe('Pobrano 0 faktur, w tym nowych: 0.');
  });

  it('English has two, and a missing parameter leaves the text visible rather than blank', () => {
    const t = translator('en');
    expect(t('purchases.progress', { fetched: 1, created: 1 })).toBe('Downloaded 1 invoice, 1 of them new.');
    expect(t('purchases.progress', { fetched: 2, created: 0 })).toBe('Downloaded 2 invoices, 0 of them new.');
    expect(t('purchases.progress', { created: 0 })).toContain('{fetched, plural,');
  });

  it('every sync phase the sync writes has a name in both languages', () => {
    for (const locale of ['pl', 'en'] as const) {
      const t = translator(locale);
      for (const s of ['Subject2', 'Subject3', 'SubjectAuthorized']) for (const step of ['query', 'store']) expect(t(`purchases.phases.${s}:${step}`)).not.toContain('purchases.');
    }
  });
});
