'use client';
import { useActionState } from 'react';
import { Field, Select, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = (p: ActionState, f: FormData) => Promise<ActionState>;

function useFormState(action: Action) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const err = (f: string) => (state && !state.ok && state.fieldErrors[f] ? t(state.fieldErrors[f]!) : undefined);
  const v = (f: string) => (state && !state.ok ? state.values?.[f] : undefined);
  const banner =
    state && !state.ok && state.formError ? (
      <div className="alert alert-error" role="alert">
        {t(state.formError, state.formParams)}
      </div>
    ) : state?.ok && state.message ? (
      <div className="alert alert-ok" role="status">
        {t(state.message)}
      </div>
    ) : null;
  return { t, state, formAction, err, v, banner };
}

export function CompanyForm({ action, initial, readOnly }: { action: Action; initial: { name: string; nip: string; addressLine1: string; addressLine2: string }; readOnly: boolean }) {
  const { t, formAction, err, v, banner } = useFormState(action);
  return (
    <form action={formAction} noValidate>
      {banner}
      <Field id="nip-ro" label={t('auth.nip')} hint={t('settings.nipReadonly')}>
        <TextInput id="nip-ro" name="" value={initial.nip} readOnly hint={t('settings.nipReadonly')} />
      </Field>
      <Field id="name" label={t('auth.companyName')} error={err('name')}>
        <TextInput id="name" defaultValue={v('name') ?? initial.name} error={err('name')} readOnly={readOnly} />
      </Field>
      <div className="row">
        <Field id="addressLine1" label={t('contractors.address1')} error={err('addressLine1')}>
          <TextInput id="addressLine1" defaultValue={v('addressLine1') ?? initial.addressLine1} error={err('addressLine1')} readOnly={readOnly} />
        </Field>
        <Field id="addressLine2" label={t('contractors.address2')} error={err('addressLine2')}>
          <TextInput id="addressLine2" defaultValue={v('addressLine2') ?? initial.addressLine2} error={err('addressLine2')} readOnly={readOnly} />
        </Field>
      </div>
      {!readOnly && <SubmitButton>{t('settings.save')}</SubmitButton>}
    </form>
  );
}

export function InviteForm({ action }: { action: Action }) {
  const { t, state, formAction, err, v, banner } = useFormState(action);
  const sent = state?.ok ? (state.data as { link: string; email: string; emailed: boolean } | undefined) : undefined;
  const link = sent?.link;
  return (
    <form action={formAction} noValidate>
      {banner}
      <div className="row">
        <Field id="invite-email" label={t('auth.email')} error={err('email')}>
          <TextInput id="invite-email" name="email" type="email" error={err('email')} defaultValue={v('email')} required />
        </Field>
        <Field id="invite-role" label={t('settings.role')} error={err('role')}>
          <Select id="invite-role" name="role" defaultValue="ACCOUNTANT" error={err('role')}>
            <option value="ACCOUNTANT">{t('settings.roles.ACCOUNTANT')}</option>
            <option value="VIEWER">{t('settings.roles.VIEWER')}</option>
            <option value="OWNER">{t('settings.roles.OWNER')}</option>
          </Select>
        </Field>
        <div className="field">
          <SubmitButton>{t('settings.inviteSend')}</SubmitButton>
        </div>
      </div>
      <p className="muted">{t('settings.roleHelp')}</p>
      {link && (
        <div className="alert alert-info" role="status">
          <p data-testid="invite-emailed">{sent?.emailed ? t('settings.inviteEmailed', { email: sent.email }) : t('settings.inviteNotEmailed', { email: sent?.email ?? '' })}</p>
          {t('settings.inviteLink')}
          <div className="mono" data-testid="invite-link">{`${window.location.origin}${link}`}</div>
        </div>
      )}
    </form>
  );
}

export function NewTenantForm({ action }: { action: Action }) {
  const { t, formAction, err, v, banner } = useFormState(action);
  return (
    <form action={formAction} noValidate>
      {banner}
      <div className="row">
        <Field id="new-nip" label={t('auth.nip')} error={err('nip')} hint={t('auth.nipHint')}>
          <TextInput id="new-nip" name="nip" inputMode="numeric" defaultValue={v('nip')} error={err('nip')} hint={t('auth.nipHint')} required />
        </Field>
        <Field id="new-company" label={t('auth.companyName')} error={err('companyName')}>
          <TextInput id="new-company" name="companyName" defaultValue={v('companyName')} error={err('companyName')} required />
        </Field>
        <div className="field">
          <SubmitButton>{t('settings.create')}</SubmitButton>
        </div>
      </div>
    </form>
  );
}

export function AcceptInvitationForm({ action, token }: { action: Action; token: string }) {
  const { t, formAction, banner } = useFormState(action);
  return (
    <form action={formAction}>
      {banner}
      <input type="hidden" name="token" value={token} />
      <SubmitButton>{t('invite.accept')}</SubmitButton>
    </form>
  );
}

/** Invited without an account: the e-mail is the invitation's (shown, not editable). */
export function JoinByInvitationForm({ action, token, email }: { action: Action; token: string; email: string }) {
  const { t, formAction, err, v, banner } = useFormState(action);
  return (
    <form action={formAction} noValidate>
      {banner}
      <input type="hidden" name="token" value={token} />
      <Field id="invited-email" label={t('auth.email')} hint={t('invite.emailFixed')}>
        <TextInput id="invited-email" name="" value={email} readOnly hint={t('invite.emailFixed')} />
      </Field>
      <Field id="name" label={t('auth.name')} error={err('name')}>
        <TextInput id="name" defaultValue={v('name')} autoComplete="name" error={err('name')} />
      </Field>
      <Field id="password" label={t('auth.password')} error={err('password')} hint={t('auth.passwordHint')}>
        <TextInput id="password" type="password" autoComplete="new-password" required error={err('password')} hint={t('auth.passwordHint')} />
      </Field>
      <SubmitButton>{t('invite.join')}</SubmitButton>
    </form>
  );
}

export function ChangePasswordForm({ action }: { action: Action }) {
  const { t, formAction, err, banner } = useFormState(action);
  return (
    <form action={formAction} noValidate>
      {banner}
      <Field id="currentPassword" label={t('account.currentPassword')} error={err('currentPassword')}>
        <TextInput id="currentPassword" type="password" autoComplete="current-password" required error={err('currentPassword')} />
      </Field>
      <Field id="newPassword" label={t('account.newPassword')} error={err('newPassword')} hint={t('auth.passwordHint')}>
        <TextInput id="newPassword" type="password" autoComplete="new-password" required error={err('newPassword')} hint={t('auth.passwordHint')} />
      </Field>
      <SubmitButton>{t('account.changePassword')}</SubmitButton>
    </form>
  );
}
