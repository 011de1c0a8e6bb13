'use client';
import { useActionState } from 'react';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

/** "Wyślij do KSeF" for an issued invoice; the page re-renders with the new status (revalidatePath). */
export function SendInvoiceButton({ invoiceId, action, label = 'invoicePage.send' }: { invoiceId: string; action: (prev: ActionState, form: FormData) => Promise<ActionState>; label?: string }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  return (
    <form action={formAction} className="inv-inline-form">
      <input type="hidden" name="id" value={invoiceId} />
      <SubmitButton>{t(label)}</SubmitButton>
      {state?.ok && state.message && <span role="status">{t(state.message)}</span>}
      {state && !state.ok && (
        <span className="error" role="alert">
          {t(state.formError ?? Object.values(state.fieldErrors)[0] ?? 'errors.unexpected', state.formParams)}
        </span>
      )}
    </form>
  );
}
