'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

export function DeleteContractorButton({ id, action }: { id: string; action: (p: ActionState, f: FormData) => Promise<ActionState> }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction}>
      <input type="hidden" name="id" value={id} />
      <SubmitButton variant="danger" small>
        {t('contractors.delete')}
      </SubmitButton>
      {state && !state.ok && state.formError && (
        <div className="error" role="alert" style={{ color: 'var(--danger)' }}>
          {t(state.formError, state.formParams)}
        </div>
      )}
    </form>
  );
}
