import { describe, expect, it } from 'vitest';
import { TokenCache } from '@/lib/ksef/auth/token-cache';
import { KsefTokenExpiredError, KsefUnavailableError } from '@/lib/ksef/errors';

function source(now: () => number, opts: { refreshFails?: Error; ttl?: number } = {}) {
  const calls = { auth: 0, refresh: 0 };
  let n = 0;
  return {
    calls,
    async authenticate() {
      calls.auth++;
      await new Promise((r) => setTimeout(r, 20));
      n++;
      return { accessToken: `a${n}`, accessValidUntil: now() + (opts.ttl ?? 900_000), refreshToken: `r${n}`, refreshValidUntil: now() + 7 * 86400_000 };
    },
    async refresh(rt: string) {
      calls.refresh++;
      await new Promise((r) => setTimeout(r, 5));
      if (opts.refreshFails) throw opts.refreshFails;
      return { accessToken: `${rt}-a${calls.refresh}`, accessValidUntil: now() + (opts.ttl ?? 900_000) };
    },
  };
}

describe('TokenCache', () => {
  it('single-flight: 20 concurrent callers cause one authentication', async () => {
    const cache = new TokenCache();
    const s = source(Date.now);
    const tokens = await Promise.all(Array.from({ length: 20 }, () => cache.getAccessToken('k', s)));
    expect(s.calls.auth).toBe(1);
    expect(new Set(tokens)).toEqual(new Set(['a1']));
  });

  it('refreshes before expiry (not after), and only once under concurrency', async () => {
    let t = 1_000_000;
    const cache = new TokenCache({ now: () => t, refreshAheadMs: 60_000 });
    const s = source(() => t);
    expect(await cache.getAccessToken('k', s)).toBe('a1');
    t += 900_000 - 61_000; // still outside the refresh-ahead window
    expect(await cache.getAccessToken('k', s)).toBe('a1');
    t += 2_000; // inside it
    const r = await Promise.all(Array.from({ length: 5 }, () => cache.getAccessToken('k', s)));
    expect(s.calls.refresh).toBe(1);
    expect(r.every((x) => x === 'r1-a1')).toBe(true);
    expect(s.calls.auth).toBe(1);
  });

  it('drops the entry and authenticates again when the refresh token is refused (revoked / 21301)', async () => {
    let t = 0;
    const cache = new TokenCache({ now: () => t });
    const s = source(() => t, { refreshFails: new KsefTokenExpiredError({ ksefCode: 21301 }) });
    await cache.getAccessToken('k', s);
    t += 900_000;
    expect(await cache.getAccessToken('k', s)).toBe('a2');
    expect(s.calls.auth).toBe(2);
    expect(cache.stats.drops).toBe(1);
  });

  it('keeps the entry on a transient refresh failure and surfaces the error', async () => {
    let t = 0;
    const cache = new TokenCache({ now: () => t });
    const s = source(() => t, { refreshFails: new KsefUnavailableError() });
    await cache.getAccessToken('k', s);
    t += 900_000;
    await expect(cache.getAccessToken('k', s)).rejects.toBeInstanceOf(KsefUnavailableError);
    expect(s.calls.auth).toBe(1);
    expect(cache.peek('k')).toBeDefined();
  });

  it('invalidateAccess forces a refresh on the next call (401 mid-session)', async () => {
    const cache = new TokenCache();
    const s = source(Date.now);
    const a = await cache.getAccessToken('k', s);
    cache.invalidateAccess('k', a);
    expect(await cache.getAccessToken('k', s)).toBe('r1-a1');
  });

  it('caches per (credential, context) key', async () => {
    const cache = new TokenCache();
    const s = source(Date.now);
    await cache.getAccessToken('cert:X|Nip:1', s);
    await cache.getAccessToken('cert:X|Nip:2', s);
    expect(s.calls.auth).toBe(2);
  });
});
