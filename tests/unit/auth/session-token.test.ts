import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encode } from 'next-auth/jwt';

// The cookie jar of the current request: Next.js's cookies() is the framework's, not ours.
const jar = new Map<string, string>();
vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined),
    getAll: () => [...jar].map(([name, value]) => ({ name, value })),
  }),
}));

const { sessionClaims } = await import('@/lib/auth/session-token');
const sessionUserId = async () => (await sessionClaims())?.userId ?? null;
const COOKIE = 'authjs.session-token';
const token = (uid: string, maxAge = 3600, salt = COOKIE) => encode({ token: { uid, sub: uid }, secret: process.env.AUTH_SECRET!, salt, maxAge });

describe('sessionClaims: the Auth.js session cookie, decrypted once per token', () => {
  beforeAll(() => {
    process.env.AUTH_SECRET = 'test-secret-of-at-least-thirty-two-characters';
  });
  afterEach(() => {
    jar.clear();
    vi.useRealTimers();
  });

  it('carries the session version the token was issued under (0 for tokens from before versions)', async () => {
    jar.set(COOKIE, await encode({ token: { uid: 'user-v', sv: 3 }, secret: process.env.AUTH_SECRET!, salt: COOKIE, maxAge: 3600 }));
    expect(await sessionClaims()).toEqual({ userId: 'user-v', sessionVersion: 3 });
    jar.set(COOKIE, await token('user-old'));
    expect(await sessionClaims()).toEqual({ userId: 'user-old', sessionVersion: 0 });
  });

  it('returns the user of a valid token, and null without a cookie', async () => {
    expect(await sessionUserId()).toBeNull();
    jar.set(COOKIE, await token('user-1'));
    expect(await sessionUserId()).toBe('user-1');
    expect(await sessionUserId()).toBe('user-1'); // the cached read
  });

  it('rejects a tampered token, a token for the other cookie name, and one sealed with another secret', async () => {
    const good = await token('user-2');
    jar.set(COOKIE, good.slice(0, -4) + (good.endsWith('AAAA') ? 'BBBB' : 'AAAA'));
    expect(await sessionUserId()).toBeNull();
    jar.set(COOKIE, await token('user-2', 3600, '__Secure-authjs.session-token'));
    expect(await sessionUserId()).toBeNull();
    jar.set(COOKIE, await encode({ token: { uid: 'user-2' }, secret: 'another-secret-of-at-least-thirty-two-chars', salt: COOKIE }));
    expect(await sessionUserId()).toBeNull();
  });

  it('an expired token is refused, also when its first read was cached while it was valid', async () => {
    jar.set(COOKIE, await token('user-3', 60));
    expect(await sessionUserId()).toBe('user-3');
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    expect(await sessionUserId()).toBeNull();
    jar.set(COOKIE, await token('user-4', 60)); // issued "now", read after expiry without a cache entry
    vi.setSystemTime(Date.now() + 3_600_000);
    expect(await sessionUserId()).toBeNull();
  });

  it('reads a token split over chunked cookies and the https cookie name', async () => {
    const whole = await token('user-5');
    jar.set(`${COOKIE}.1`, whole.slice(100));
    jar.set(`${COOKIE}.0`, whole.slice(0, 100));
    expect(await sessionUserId()).toBe('user-5');
    jar.clear();
    jar.set('__Secure-authjs.session-token', await token('user-6', 3600, '__Secure-authjs.session-token'));
    expect(await sessionUserId()).toBe('user-6');
  });
});
