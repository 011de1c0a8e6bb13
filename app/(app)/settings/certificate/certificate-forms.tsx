'use client';
import { useActionState, useState } from 'react';
import { Field, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/app/_lib/action-result';

type Action = (p: ActionState, f: FormData) => Promise<ActionState>;
type NoArgAction = () => Promise<ActionState>;

function useCertForm(action: Action) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const params = state && !state.ok ? state.formParams : undefined;
  const err = (f: string) => (state && !state.ok && state.fieldErrors[f] ? t(state.fieldErrors[f]!, params) : undefined);
  const banner =
    state && !state.ok && state.formError ? (
      <div className="alert alert-error" role="alert">
        {t(state.formError, params)}
      </div>
    ) : state?.ok && state.message ? (
      <div className="alert alert-ok" role="status">
        {t(state.message)}
      </div>
    ) : null;
  return { t, state, formAction, err, banner };
}

/** PEM pair or PKCS#12; each check's message appears next to the input to fix. */
export function UploadCertificateForm({ action, title }: { action: Action; title: string }) {
  const { t, formAction, err, banner } = useCertForm(action);
  const [format, setFormat] = useState<'PEM' | 'P12'>('PEM');
  return (
    <form action={formAction} noValidate data-testid="upload-certificate">
      <h3>{title}</h3>
      {banner}
      <fieldset className="row">
        <legend>{t('certificates.format')}</legend>
        <label>
          <input type="radio" name="format" value="PEM" checked={format === 'PEM'} onChange={() => setFormat('PEM')} /> {t('certificates.formatPem')}
        </label>
        <label>
          <input type="radio" name="format" value="P12" checked={format === 'P12'} onChange={() => setFormat('P12')} /> {t('certificates.formatP12')}
        </label>
      </fieldset>
      {format === 'PEM' ? (
        <>
          <Field id="certificateFile" label={t('certificates.certificateFile')} error={err('certificateFile')}>
            <TextInput id="certificateFile" type="file" accept=".pem,.crt,.cer,.der" error={err('certificateFile')} />
          </Field>
          <Field id="keyFile" label={t('certificates.keyFile')} error={err('keyFile')}>
            <TextInput id="keyFile" type="file" accept=".pem,.key" error={err('keyFile')} />
          </Field>
          <Field id="keyPassword" label={t('certificates.keyPassword')} error={err('keyPassword')}>
            <TextInput id="keyPassword" type="password" autoComplete="off" error={err('keyPassword')} />
          </Field>
        </>
      ) : (
        <>
          <Field id="p12File" label={t('certificates.p12File')} error={err('p12File')}>
            <TextInput id="p12File" type="file" accept=".p12,.pfx" error={err('p12File')} />
          </Field>
          <Field id="p12Password" label={t('certificates.p12Password')} error={err('p12Password')}>
            <TextInput id="p12Password" type="password" autoComplete="off" error={err('p12Password')} />
          </Field>
        </>
      )}
      <p className="muted">{t('certificates.uploadHint')}</p>
      <SubmitButton>{t('certificates.upload')}</SubmitButton>
    </form>
  );
}

export function ModeSwitchForm({ action, to, label }: { action: Action; to: 'DELEGATED' | 'OWN_CERTIFICATE'; label: string }) {
  const { formAction, banner } = useCertForm(action);
  return (
    <form action={formAction}>
      {banner}
      <input type="hidden" name="mode" value={to} />
      <SubmitButton variant={to === 'OWN_CERTIFICATE' ? 'primary' : 'default'}>{label}</SubmitButton>
    </form>
  );
}

export function TestConnectionButton({ action }: { action: NoArgAction }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const params = state && !state.ok ? state.formParams : undefined;
  const error = state && !state.ok ? (state.fieldErrors.test ?? state.formError) : undefined;
  return (
    <form action={formAction} data-testid="test-connection">
      <SubmitButton variant="default">{t('certificates.test')}</SubmitButton>
      {state?.ok && (
        <div className="alert alert-ok" role="status">
          {t('certificates.testOk', state.data as { permissions: string })}
        </div>
      )}
      {error && (
        <div className="alert alert-error" role="alert">
          {t(error, params)}
        </div>
      )}
    </form>
  );
}

export function RemoveCertificateButton({ action }: { action: NoArgAction }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <SubmitButton variant="danger">{t('certificates.remove')}</SubmitButton>
      {state?.ok && (
        <div className="alert alert-ok" role="status">
          {t('certificates.removed')}
        </div>
      )}
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
    </form>
  );
}
