'use client';
import { useActionState, useState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = () => Promise<ActionState>;
type SimAction = (p: ActionState<{ target: string }>, f: FormData) => Promise<ActionState<{ target: string }>>;

export function CopyNip({
  nip,
  display,
  testId = 'provider-nip',
  copyLabel = 'ksef.copy',
  className = 'ksef-nip',
}: {
  nip: string;
  display: string;
  testId?: string;
  copyLabel?: string;
  className?: string;
}) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <div className="row" style={{ alignItems: 'center' }}>
      <span className={`${className} mono`} data-testid={testId}>
        {display}
      </span>
      <button
        type="button"
        className="btn btn-small"
        onClick={async () => {
          await navigator.clipboard?.writeText(nip).catch(() => undefined);
          setCopied(true);
        }}
      >
        {copied ? t('ksef.copied') : t(copyLabel)}
      </button>
    </div>
  );
}

export function CheckPermissionsButton({ action }: { action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <SubmitButton>{t('ksef.check')}</SubmitButton>
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
    </form>
  );
}

export function SimulatePanel({ action }: { action: SimAction }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <div className="row">
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
      <form action={formAction}>
        <input type="hidden" name="target" value="writeAndRead" />
        <SubmitButton variant="default">{t('ksef.simulateGrant')}</SubmitButton>
      </form>
      <form action={formAction}>
        <input type="hidden" name="target" value="readOnly" />
        <SubmitButton variant="default">{t('ksef.simulateGrantRead')}</SubmitButton>
      </form>
      <form action={formAction}>
        <input type="hidden" name="target" value="none" />
        <SubmitButton variant="danger">{t('ksef.simulateRevoke')}</SubmitButton>
      </form>
      {state?.ok && state.data && (
        <p role="status" className="alert alert-ok" data-testid="simulate-result" style={{ flexBasis: '100%' }}>
          {t(`ksef.simulated.${state.data.target}`)}
        </p>
      )}
    </div>
  );
}
