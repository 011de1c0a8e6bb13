'use client';
import { useActionState } from 'react';
import Link from 'next/link';
import { Field, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

export function ForgotPasswordForm({ action }: { action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  if (state?.ok) {
    return (
      <>
        <p className="alert alert-ok" role="status" data-testid="reset-requested">
          {t('passwordReset.sent')}
        </p>
        <p>
          <Link href="/login">{t('passwordReset.backToLogin')}</Link>
        </p>
      </>
    );
  }
  const err = state && !state.ok && state.fieldErrors.email ? t(state.fieldErrors.email) : undefined;
  return (
    <form action={formAction} noValidate>
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
      <Field id="email" label={t('auth.email')} error={err}>
        <TextInput id="email" type="email" autoComplete="email" required error={err} defaultValue={state && !state.ok ? state.values?.email : undefined} />
      </Field>
      <SubmitButton>{t('passwordReset.send')}</SubmitButton>
      <p className="muted">
        <Link href="/login">{t('passwordReset.backToLogin')}</Link>
      </p>
    </form>
  );
}

export function ResetPasswordForm({ action, token }: { action: Action; token: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const err = state && !state.ok && state.fieldErrors.password ? t(state.fieldErrors.password) : undefined;
  return (
    <form action={formAction} noValidate>
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)} <Link href="/forgot-password">{t('passwordReset.requestNew')}</Link>
        </div>
      )}
      <input type="hidden" name="token" value={token} />
      <Field id="password" label={t('passwordReset.newPassword')} error={err} hint={t('auth.passwordHint')}>
        <TextInput id="password" type="password" autoComplete="new-password" required error={err} hint={t('auth.passwordHint')} />
      </Field>
      <SubmitButton>{t('passwordReset.save')}</SubmitButton>
    </form>
  );
}
