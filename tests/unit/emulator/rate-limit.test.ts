import { describe, expect, it } from 'vitest';
import { PRODUCTION_LIMITS, SlidingWindowLimiter, profileLimits, reportedLimits } from '@/emulator/rate-limit';

describe('sliding-window rate limiter (limity/limity-api.md)', () => {
  it('blocks the request over the per-second limit and reports when the oldest one leaves the window', () => {
    let now = 1_000_000;
    const l = new SlidingWindowLimiter(() => now);
    const lim = { perSecond: 2, perMinute: 100, perHour: 1000 };
    expect(l.hit('k', lim).allowed).toBe(true);
    now += 400;
    expect(l.hit('k', lim).allowed).toBe(true);
    now += 100;
    const d = l.hit('k', lim);
    expect(d.allowed).toBe(false);
    expect(d.retryAfterSec).toBe(1);
    now += 500; // the first request is now exactly 1 s old → out of the window
    expect(l.hit('k', lim).allowed).toBe(true);
  });

  it('windows slide instead of resetting at clock boundaries', () => {
    let now = 59_500;
    const l = new SlidingWindowLimiter(() => now);
    const lim = { perSecond: 100, perMinute: 3, perHour: 1000 };
    for (let i = 0; i < 3; i++) expect(l.hit('k', lim).allowed).toBe(true);
    now = 60_500; // a new clock minute, but the last 60 s still hold 3 requests
    const d = l.hit('k', lim);
    expect(d.allowed).toBe(false);
    expect(d.message).toMatch(/na minutę/);
    expect(d.retryAfterSec).toBe(59);
  });

  it('keys are independent (per context and IP)', () => {
    const l = new SlidingWindowLimiter(() => 0);
    const lim = { perSecond: 1, perMinute: 1, perHour: 1 };
    expect(l.hit('a', lim).allowed).toBe(true);
    expect(l.hit('b', lim).allowed).toBe(true);
    expect(l.hit('a', lim).allowed).toBe(false);
  });

  it('the raised profile is ten times production (and "test", its old name, the same); production is the official table', () => {
    expect(profileLimits('raised').invoiceSend).toEqual({ perSecond: 100, perMinute: 300, perHour: 1800 });
    expect(profileLimits('test')).toEqual(profileLimits('raised'));
    expect(profileLimits('production').invoiceMetadata).toEqual(PRODUCTION_LIMITS.invoiceMetadata);
    // API 2.8.0: closing sessions has its own groups at twice the opening limits.
    expect(profileLimits('production').onlineSessionClose).toEqual({ perSecond: 20, perMinute: 60, perHour: 240 });
    expect(profileLimits('production').batchSessionClose).toEqual({ perSecond: 20, perMinute: 40, perHour: 120 });
  });

  it('reports anonymous and global, "no limit" as -1, as GET /rate-limits does', () => {
    const r = reportedLimits(profileLimits('production'));
    expect(r.anonymous).toEqual({ perSecond: 60, perMinute: -1, perHour: -1 });
    expect(r.global).toEqual({ perSecond: -1, perMinute: -1, perHour: -1 });
    expect(Object.keys(r)).toHaveLength(17);
  });

  it('a limit of -1 (what GET /rate-limits calls no limit) never blocks', () => {
    const l = new SlidingWindowLimiter(() => 0);
    for (let i = 0; i < 100; i++) expect(l.hit('k', { perSecond: -1, perMinute: -1, perHour: -1 }).allowed).toBe(true);
  });
});
