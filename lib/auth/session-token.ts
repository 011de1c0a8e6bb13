import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { authSecret } from '@/lib/config';

/** Auth.js's session cookie; the `__Secure-` name is used when the app is served over https. */
const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token'] as const;

/**
 * Decoded session tokens by their exact cookie value. The value is an authenticated ciphertext, so
 * the same string always decrypts to the same payload: a browser sends it unchanged on every request
 * of its session, and decrypting it once is enough. Expiry is still checked on every read.
 */
const decoded = new Map<string, { userId: string; sessionVersion: number; expiresAtMs: number }>();
const MAX_CACHED_TOKENS = 10_000;

function cookieValue(jar: Awaited<ReturnType<typeof cookies>>, name: string): string | undefined {
  const whole = jar.get(name)?.value;
  if (whole) return whole;
  // Auth.js splits a token longer than a cookie may be into name.0, name.1, …
  const chunks = jar
    .getAll()
    .filter((c) => c.name.startsWith(`${name}.`))
    .sort((a, b) => Number(a.name.slice(name.length + 1)) - Number(b.name.slice(name.length + 1)));
  return chunks.length ? chunks.map((c) => c.value).join('') : undefined;
}

/**
 * The signed-in user's id and the session version the token was issued under, or null. What `auth()` (no arguments) does for a
 * JWT session, decrypt and check expiry, without also encrypting a renewed token that `auth()`
 * throws away: it returns only the session's JSON, never the Set-Cookie.
 */
export async function sessionClaims(): Promise<{ userId: string; sessionVersion: number } | null> {
  const jar = await cookies();
  for (const name of SESSION_COOKIES) {
    const token = cookieValue(jar, name);
    if (!token) continue;
    const hit = decoded.get(token);
    if (hit) return hit.expiresAtMs > Date.now() ? { userId: hit.userId, sessionVersion: hit.sessionVersion } : null;
    const payload = await decode({ token, salt: name, secret: authSecret() }).catch(() => null);
    if (!payload || typeof payload.uid !== 'string' || typeof payload.exp !== 'number') return null;
    if (decoded.size >= MAX_CACHED_TOKENS) decoded.delete(decoded.keys().next().value!);
    // Tokens issued before session versions existed count as version 0.
    const sessionVersion = typeof payload.sv === 'number' ? payload.sv : 0;
    decoded.set(token, { userId: payload.uid, sessionVersion, expiresAtMs: payload.exp * 1000 });
    return payload.exp * 1000 > Date.now() ? { userId: payload.uid, sessionVersion } : null;
  }
  return null;
}
