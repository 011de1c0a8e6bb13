'use client';
import { useActionState } from 'react';
import Link from 'next/link';
import { Field, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function SignInForm({ action, next }: { action: Action; next?: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} noValidate>
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError, state.formParams)}
        </div>
      )}
      <input type="hidden" name="next" value={next ?? ''} />
      <Field id="email" label={t('auth.email')}>
        <TextInput id="email" type="email" autoComplete="email" required defaultValue={state && !state.ok ? state.values?.email : undefined} />
      </Field>
      <Field id="password" label={t('auth.password')}>
        <TextInput id="password" type="password" autoComplete="current-password" required />
      </Field>
      <SubmitButton>{t('auth.signIn')}</SubmitButton>
      <p>
        <Link href="/forgot-password">{t('passwordReset.forgot')}</Link>
      </p>
      <p className="muted">
        {t('auth.noAccount')} <Link href={next ? `/signup?next=${encodeURIComponent(next)}` : '/signup'}>{t('auth.signUp')}</Link>
      </p>
    </form>
  );
}

export function SignUpForm({ action, next }: { action: Action; next?: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const err = (f: string) => (state && !state.ok && state.fieldErrors[f] ? t(state.fieldErrors[f]!) : undefined);
  const v = (f: string) => (state && !state.ok ? state.values?.[f] : undefined);
  return (
    <form action={formAction} noValidate>
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
      <input type="hidden" name="next" value={next ?? ''} />
      <Field id="companyName" label={t('auth.companyName')} error={err('companyName')}>
        <TextInput id="companyName" defaultValue={v('companyName')} autoComplete="organization" required error={err('companyName')} />
      </Field>
      <Field id="nip" label={t('auth.nip')} error={err('nip')} hint={t('auth.nipHint')}>
        <TextInput id="nip" defaultValue={v('nip')} inputMode="numeric" required error={err('nip')} hint={t('auth.nipHint')} />
      </Field>
      <Field id="name" label={t('auth.name')} error={err('name')}>
        <TextInput id="name" defaultValue={v('name')} autoComplete="name" error={err('name')} />
      </Field>
      <Field id="email" label={t('auth.email')} error={err('email')}>
        <TextInput id="email" type="email" autoComplete="email" required error={err('email')} defaultValue={v('email')} />
      </Field>
      <Field id="password" label={t('auth.password')} error={err('password')} hint={t('auth.passwordHint')}>
        <TextInput id="password" type="password" autoComplete="new-password" required error={err('password')} hint={t('auth.passwordHint')} />
      </Field>
      <SubmitButton>{t('auth.signUp')}</SubmitButton>
      <p className="muted">
        {t('auth.haveAccount')} <Link href={next ? `/login?next=${encodeURIComponent(next)}` : '/login'}>{t('auth.signIn')}</Link>
      </p>
    </form>
  );
}
