/** Incremental window filters (przyrostowe-pobieranie-faktur.md): PermanentStorage, HWM-restricted, ≤ 3 months. */
import { describe, expect, it } from 'vitest';
import { MAX_WINDOW_MS, windowFilters } from '@/lib/ksef/invoices';
import { initialCheckpoint } from '@/lib/server/purchases/sync-purchases';

describe('windowFilters', () => {
  const now = Date.parse('2026-11-24T12:00:00Z');
  it('a recent checkpoint: open-ended, verbatim from, restricted to the HWM', () => {
    const cp = '2026-11-24T10:00:00.1234567+00:00';
    expect(windowFilters('Subject2', cp, now)).toEqual({ subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: cp, restrictToPermanentStorageHwmDate: true } });
  });
  it('a checkpoint older than the query limit: capped at 88 days, never more than 3 calendar months', () => {
    const f = windowFilters('Subject3', '2026-02-01T00:00:00+01:00', now);
    const from = Date.parse('2026-02-01T00:00:00+01:00');
    expect(Date.parse(f.dateRange.to!)).toBe(from + MAX_WINDOW_MS);
    const threeMonths = new Date(from);
    threeMonths.setUTCMonth(threeMonths.getUTCMonth() + 3);
    expect(Date.parse(f.dateRange.to!)).toBeLessThan(threeMonths.getTime());
  });
  it('refuses a checkpoint that is not a date', () => expect(() => windowFilters('Subject2', 'wczoraj', now)).toThrow(/Invalid sync checkpoint/));
});

describe('initialCheckpoint', () => {
  it('80 days before the tenant was created, never before KSeF 2.0 started', () => {
    expect(initialCheckpoint(new Date('2026-11-24T00:00:00Z'))).toBe('2026-09-05T00:00:00.000Z');
    expect(initialCheckpoint(new Date('2026-03-01T00:00:00Z'))).toBe('2026-01-31T23:00:00.000Z');
  });
});
