import 'server-only';
import { rawDb } from '@/lib/db/client';

/**
 * Sign-in throttling, kept in PostgreSQL so that every app instance sees the same counts. Per account:
 * 5 failures in 15 minutes are free, then each further failure locks the account for 30 s, doubling
 * up to 15 minutes. Per client address: 50 free (an office behind one NAT), then the same doubling.
 * While locked, even the right password is refused: otherwise the lock would tell a guesser nothing.
 */
export const LIMITS = {
  account: { free: 5, firstLockMs: 30_000 },
  ip: { free: 50, firstLockMs: 30_000 },
  windowMs: 15 * 60_000,
  maxLockMs: 15 * 60_000,
} as const;

export interface LoginKeys {
  email: string;
  ip: string | null;
}

const keysOf = ({ email, ip }: LoginKeys) => [{ key: `account:${email.trim().toLowerCase()}`, ...LIMITS.account }, ...(ip ? [{ key: `ip:${ip}`, ...LIMITS.ip }] : [])];

/** Seconds until a sign-in may be tried again with these keys; 0 when it may now. */
export async function loginRetryAfter(keys: LoginKeys, now = new Date()): Promise<number> {
  const rows = await rawDb().loginThrottle.findMany({ where: { key: { in: keysOf(keys).map((k) => k.key) }, lockedUntil: { gt: now } }, select: { lockedUntil: true } });
  const until = Math.max(0, ...rows.map((r) => r.lockedUntil!.getTime()));
  return until ? Math.ceil((until - now.getTime()) / 1000) : 0;
}

export async function recordLoginFailure(keys: LoginKeys): Promise<void> {
  // Counts of unknown e-mails would otherwise pile up forever: a row whose window and lock are over
  // counts for nothing, so it goes (failures only, so never on a successful sign-in's path).
  await rawDb().$executeRaw`
    DELETE FROM "LoginThrottle" WHERE "windowStartedAt" < now() - make_interval(secs => ${LIMITS.windowMs / 1000})
      AND ("lockedUntil" IS NULL OR "lockedUntil" < now())`;
  for (const k of keysOf(keys)) {
    // One statement: concurrent failures count each, and a window older than 15 minutes starts over.
    await rawDb().$executeRaw`
      INSERT INTO "LoginThrottle" (key, failures, "windowStartedAt") VALUES (${k.key}, 1, now())
      ON CONFLICT (key) DO UPDATE SET
        failures = CASE WHEN "LoginThrottle"."windowStartedAt" < now() - make_interval(secs => ${LIMITS.windowMs / 1000}) THEN 1 ELSE "LoginThrottle".failures + 1 END,
        "windowStartedAt" = CASE WHEN "LoginThrottle"."windowStartedAt" < now() - make_interval(secs => ${LIMITS.windowMs / 1000}) THEN now() ELSE "LoginThrottle"."windowStartedAt" END`;
    await rawDb().$executeRaw`
      UPDATE "LoginThrottle" SET "lockedUntil" = now() + make_interval(secs => LEAST(${LIMITS.maxLockMs / 1000}, ${k.firstLockMs / 1000} * power(2, failures - ${k.free} - 1)))
      WHERE key = ${k.key} AND failures > ${k.free}`;
  }
}

/** A successful sign-in clears the account's count (not the address's: one success is no alibi). */
export async function clearLoginFailures(email: string): Promise<void> {
  await rawDb().loginThrottle.deleteMany({ where: { key: `account:${email.trim().toLowerCase()}` } });
}

/** The client's address as our own reverse proxy saw it: the last X-Forwarded-For hop (the ones before it are the client's say). */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for');
  const last = forwarded
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .pop();
  return last || headers.get('x-real-ip') || null;
}
