import { describe, expect, it } from 'vitest';
import { todayInPoland } from '@/lib/fa3/rules';

describe('todayInPoland', () => {
  it('is the Warsaw calendar date, not the UTC one, around midnight', () => {
    // 23:30 UTC on 24 Nov = 00:30 on 25 Nov in Warsaw (CET, UTC+1).
    expect(todayInPoland(new Date('2026-11-24T23:30:00Z'))).toBe('2026-11-25');
    // 22:30 UTC on 30 Jun = 00:30 on 1 Jul in Warsaw (CEST, UTC+2).
    expect(todayInPoland(new Date('2026-06-30T22:30:00Z'))).toBe('2026-07-01');
    expect(todayInPoland(new Date('2026-11-24T12:00:00Z'))).toBe('2026-11-24');
  });
});
