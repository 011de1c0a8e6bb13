'use client';
import { useActionState } from 'react';
import { Field, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

/** Recipient, subject and message, prefilled; errors next to each field. */
export function EmailInvoiceForm({ action, invoiceId, draft }: { action: Action; invoiceId: string; draft: { to: string; subject: string; body: string } }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const err = (f: string) => (state && !state.ok && state.fieldErrors[f] ? t(state.fieldErrors[f]!) : undefined);
  const v = (f: 'to' | 'subject' | 'body') => (state && !state.ok ? (state.values?.[f] ?? draft[f]) : draft[f]);
  return (
    <form action={formAction} noValidate className="email-invoice-form" data-testid="email-invoice-form">
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError)}
        </div>
      )}
      {state?.ok && state.message && (
        <p className="alert alert-ok" role="status">
          {t(state.message)}
        </p>
      )}
      <input type="hidden" name="id" value={invoiceId} />
      <Field id="email-to" label={t('invoiceEmail.to')} error={err('to')} hint={t('invoiceEmail.toHint')}>
        <TextInput id="email-to" name="to" type="email" autoComplete="email" required defaultValue={v('to')} error={err('to')} hint={t('invoiceEmail.toHint')} />
      </Field>
      <Field id="email-subject" label={t('invoiceEmail.subject')} error={err('subject')}>
        <TextInput id="email-subject" name="subject" required maxLength={200} defaultValue={v('subject')} error={err('subject')} />
      </Field>
      <Field id="email-body" label={t('invoiceEmail.body')} error={err('body')}>
        <textarea
          id="email-body"
          name="body"
          rows={8}
          maxLength={5000}
          defaultValue={v('body')}
          aria-invalid={err('body') ? true : undefined}
          aria-describedby={err('body') ? 'email-body-error' : undefined}
        />
      </Field>
      <SubmitButton>{t('invoiceEmail.send')}</SubmitButton>
    </form>
  );
}
