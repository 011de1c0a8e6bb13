import 'server-only';
import { rawDb } from '@/lib/db/client';
import { hashPassword, verifyPassword } from './password';
import { emailSchema } from '../validation';
import { clearLoginFailures, loginRetryAfter, recordLoginFailure } from './login-throttle';

// A real hash to verify against when the email is unknown, so timing does not reveal which emails exist.
let decoyHash: Promise<string> | undefined;

/** The account or the client address is locked after too many failures (login-throttle.ts). */
export class LoginThrottledError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('Too many failed sign-ins');
  }
}

/**
 * Email + password → the user, or null. Throttled per account and per client address: while locked,
 * throws LoginThrottledError before looking at the password (the right one included).
 */
export async function verifyCredentials(email: unknown, password: unknown, ip: string | null = null): Promise<{ id: string; email: string; name: string; sessionVersion: number } | null> {
  const parsedEmail = emailSchema.safeParse(email);
  if (!parsedEmail.success || typeof password !== 'string' || password.length > 200) return null;
  const keys = { email: parsedEmail.data, ip };
  const wait = await loginRetryAfter(keys);
  if (wait > 0) throw new LoginThrottledError(wait);
  const user = await rawDb().user.findUnique({ where: { email: parsedEmail.data } });
  let ok = false;
  if (!user) {
    decoyHash ??= hashPassword('decoy-password-never-matches');
    await verifyPassword(await decoyHash, password);
  } else {
    ok = await verifyPassword(user.passwordHash, password);
  }
  if (!ok || !user) {
    await recordLoginFailure(keys);
    return null;
  }
  await clearLoginFailures(user.email);
  return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
}
