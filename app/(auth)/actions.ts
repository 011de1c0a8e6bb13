'use server';
import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { cookies, headers } from 'next/headers';
import { clientIp, loginRetryAfter } from '@/lib/server/auth/login-throttle';
import { signIn } from '@/lib/auth';
import { signUp } from '@/lib/server/auth/sign-up';
import { requestPasswordReset, resetPassword } from '@/lib/server/auth/password-reset';
import { joinByInvitation } from '@/lib/server/members/accept-invitation';
import { TENANT_COOKIE } from '@/lib/auth/session';
import { safeNext } from '@/lib/auth/safe-next';
import { formToObject, runAction, type ActionState, asForm } from '@/app/_lib/action-result';
import { isProduction } from '@/lib/config';

export async function signInAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { email, password, next } = formToObject(form);
  const throttled = async () => {
    const wait = await loginRetryAfter({ email: email ?? '', ip: clientIp(await headers()) });
    return wait > 0 ? ({ ok: false, fieldErrors: {}, formError: 'auth.throttled', formParams: { minutes: Math.ceil(wait / 60) }, values: { email: email ?? '' } } as ActionState) : null;
  };
  const locked = await throttled();
  if (locked) return locked;
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (e) {
    if (e instanceof AuthError) return (await throttled()) ?? { ok: false, fieldErrors: {}, formError: 'auth.invalidCredentials', values: { email: email ?? '' } };
    throw e;
  }
  redirect(safeNext(next));
}

export async function signUpAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const input = formToObject(form);
  const result = await runAction(() => signUp(input), input);
  if (!result?.ok) return result;
  await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  // A new company starts with its first run, unless the user came for a particular page.
  redirect(safeNext(input.next, '/start'));
}

/** Invited, no account yet: create it with the invited e-mail, join, sign in. */
export async function joinByInvitationAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const input = formToObject(form);
  const result = await runAction(() => joinByInvitation(input), { name: input.name ?? '' });
  if (!result?.ok) return result;
  const joined = result.data as { email: string; tenantId: string };
  await signIn('credentials', { email: joined.email, password: input.password, redirect: false });
  (await cookies()).set(TENANT_COOKIE, joined.tenantId, { httpOnly: true, sameSite: 'lax', path: '/', secure: isProduction() });
  redirect('/invoices');
}

/** „Nie pamiętam hasła”: the same answer whoever asks (see requestPasswordReset). */
export async function requestPasswordResetAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const input = formToObject(asForm(untrustedForm));
  const result = await runAction(async () => {
    await requestPasswordReset(input); // the e-mail goes out after this answer
  }, input);
  return result?.ok ? { ok: true, message: 'passwordReset.sent' } : result;
}

/** A new password through the e-mailed link; every session ends, then this browser signs in with it. */
export async function resetPasswordAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const input = formToObject(asForm(untrustedForm));
  const result = await runAction(() => resetPassword(input));
  if (!result?.ok) return result;
  await signIn('credentials', { email: (result.data as { email: string }).email, password: input.password, redirect: false });
  redirect('/invoices');
}
