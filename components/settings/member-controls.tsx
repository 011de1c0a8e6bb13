'use client';
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = (p: ActionState, f: FormData) => Promise<ActionState>;
const ROLES = ['OWNER', 'ACCOUNTANT', 'VIEWER'] as const;

function ActionMessage({ state }: { state: ActionState }) {
  const t = useT();
  if (state && !state.ok) {
    const key = state.formError ?? Object.values(state.fieldErrors)[0];
    return key ? (
      <p className="inline-error" role="alert">
        {t(key, state.formParams)}
      </p>
    ) : null;
  }
  return state?.ok && state.message ? (
    <p className="muted" role="status">
      {t(state.message)}
    </p>
  ) : null;
}

/** A destructive step asks once more, in the page (no browser dialog), before it is submitted. */
function ConfirmStep({ label, question, confirm }: { label: string; question: string; confirm: string }) {
  const t = useT();
  const [asking, setAsking] = useState(false);
  if (!asking)
    return (
      <button type="button" className="btn btn-small btn-danger" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <span className="confirm-step" role="group" aria-label={question}>
      <span>{question}</span>
      <SubmitButton variant="danger" small>
        {confirm}
      </SubmitButton>
      <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
        {t('settings.cancel')}
      </button>
    </span>
  );
}

export function MemberRoleForm({ membershipId, email, role, action }: { membershipId: string; email: string; role: string; action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const id = `role-${membershipId}`;
  return (
    <form action={formAction} className="member-role">
      <input type="hidden" name="membershipId" value={membershipId} />
      <label htmlFor={id} className="visually-hidden">
        {t('settings.roleOf', { email })}
      </label>
      <select id={id} name="role" defaultValue={role} aria-invalid={state && !state.ok ? true : undefined}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`settings.roles.${r}`)}
          </option>
        ))}
      </select>
      <SubmitButton small variant="default">
        {t('settings.changeRole')}
      </SubmitButton>
      <ActionMessage state={state} />
    </form>
  );
}

export function RemoveMemberButton({ membershipId, email, action }: { membershipId: string; email: string; action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="membershipId" value={membershipId} />
      <ConfirmStep label={t('settings.remove')} question={t('settings.removeConfirm', { email })} confirm={t('settings.confirmRemove')} />
      <ActionMessage state={state} />
    </form>
  );
}

export function LeaveTenantForm({ company, action }: { company: string; action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <p className="muted">{t('settings.leaveHelp')}</p>
      <ConfirmStep label={t('settings.leave')} question={t('settings.leaveConfirm', { company })} confirm={t('settings.confirmLeave')} />
      <ActionMessage state={state} />
    </form>
  );
}
