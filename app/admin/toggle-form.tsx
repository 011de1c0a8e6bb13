'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/app/_lib/action-result';

type Action = (p: ActionState, f: FormData) => Promise<ActionState>;

/** The reason's limit in lib/server/admin (3–500 characters): the browser stops typing at it, the server names it. */
const REASON_MAX = 500;

/** Allow / disallow own-certificate mode for one tenant, with the reason the audit log keeps. */
export function OwnCertificateToggle({ action, tenantId, allowed, label }: { action: Action; tenantId: string; allowed: boolean; label: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const id = `reason-${tenantId}`;
  const err = state && !state.ok ? (state.fieldErrors.reason ?? state.formError) : undefined;
  return (
    <form action={formAction} className="row" data-testid={`toggle-${tenantId}`} noValidate>
      <input type="hidden" name="tenantId" value={tenantId} />
      <input type="hidden" name="allowed" value={allowed ? 'false' : 'true'} />
      <span aria-label={label}>{allowed ? '✔' : '—'}</span>
      <label htmlFor={id} className="inv-sr-only">
        {t('adminTenants.reason')}
      </label>
      <input id={id} name="reason" placeholder={t('adminTenants.reason')} aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-error` : undefined} required maxLength={REASON_MAX} />
      <SubmitButton small variant={allowed ? 'danger' : 'default'}>
        {allowed ? t('adminTenants.disallow') : t('adminTenants.allow')}
      </SubmitButton>
      {allowed && <span className="muted">{t('adminTenants.disallowHint')}</span>}
      {err && (
        <span className="error" id={`${id}-error`} role="alert">
          {t(err)}
        </span>
      )}
      {state?.ok && <span role="status">{t('adminTenants.changed')}</span>}
    </form>
  );
}

/** Bind the tenant's NIP by hand (support case), with the reason the audit log keeps. */
export function VerifyNipForm({ action, tenantId }: { action: Action; tenantId: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const id = `nip-reason-${tenantId}`;
  const err = state && !state.ok ? (state.fieldErrors.reason ?? state.formError) : undefined;
  return (
    <form action={formAction} className="row" data-testid={`verify-nip-${tenantId}`} noValidate>
      <input type="hidden" name="tenantId" value={tenantId} />
      <label htmlFor={id} className="inv-sr-only">
        {t('adminTenants.reason')}
      </label>
      <input id={id} name="reason" placeholder={t('adminTenants.reason')} aria-invalid={err ? true : undefined} aria-describedby={err ? `${id}-error` : undefined} required maxLength={REASON_MAX} />
      <SubmitButton small>{t('adminTenants.verifyNip')}</SubmitButton>
      {err && (
        <span className="error" id={`${id}-error`} role="alert">
          {t(err)}
        </span>
      )}
      {state?.ok && <span role="status">{t('adminTenants.nipVerifiedDone')}</span>}
    </form>
  );
}
