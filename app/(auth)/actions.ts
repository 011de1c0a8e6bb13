'use server';
import { AuthError } from 'next-auth';
import { redirect } from 'next/navigation';
import { signIn } from '@/lib/auth';
import { signUp } from '@/lib/server/auth/sign-up';
import { safeNext } from '@/lib/auth/safe-next';
import { formToObject, runAction, type ActionState } from '@/app/_lib/action-result';


export async function signInAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const { email, password, next } = formToObject(form);
  try {
    await signIn('credentials', { email, password, redirect: false });
  } catch (e) {
    if (e instanceof AuthError) return { ok: false, fieldErrors: {}, formError: 'auth.invalidCredentials', values: { email: email ?? '' } };
    throw e;
  }
  redirect(safeNext(next));
}

export async function signUpAction(_prev: ActionState, form: FormData): Promise<ActionState> {
  const input = formToObject(form);
  const result = await runAction(() => signUp(input), input);
  if (!result?.ok) return result;
  await signIn('credentials', { email: input.email, password: input.password, redirect: false });
  redirect(safeNext(input.next));
}
