'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/app/_lib/action-result';

/** Sets or clears one mark (paid / booked) of a received invoice; the page re-renders with who and when. */
export function MarkButton({ id, mark, on, action }: { id: string; mark: 'paid' | 'booked'; on: boolean; action: (prev: ActionState, form: FormData) => Promise<ActionState> }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const label = mark === 'paid' ? (on ? 'purchases.unmarkPaid' : 'purchases.markPaid') : on ? 'purchases.unmarkBooked' : 'purchases.markBooked';
  return (
    <form action={formAction} className="inv-inline-form">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="mark" value={mark} />
      <input type="hidden" name="value" value={on ? 'off' : 'on'} />
      <SubmitButton>{t(label)}</SubmitButton>
      {state && !state.ok && (
        <span className="error" role="alert">
          {t(state.formError ?? Object.values(state.fieldErrors)[0] ?? 'errors.unexpected')}
        </span>
      )}
    </form>
  );
}
