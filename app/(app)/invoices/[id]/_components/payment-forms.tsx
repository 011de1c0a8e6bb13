'use client';
import { useActionState, useState } from 'react';
import { Field, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useLocale, useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';
import { formatAmount, formatMoney } from '@/lib/i18n/format';

type Action = (p: ActionState, f: FormData) => Promise<ActionState>;

/**
 * „Zapisz wpłatę”: the date defaults to today (in Poland), the amount to what is left. Each error is
 * shown at its field; after a refusal the form is refilled with what was typed. The fields are keyed
 * by what is left, so after a payment they start again from the new remaining sum.
 */
export function RecordPaymentForm({ invoiceId, today, remaining, currency, action }: { invoiceId: string; today: string; remaining: string; currency: string; action: Action }) {
  const t = useT();
  const locale = useLocale();
  const [state, formAction] = useActionState(action, null);
  const failed = state && !state.ok ? state : undefined;
  const sv = failed?.values;
  const params = failed?.formParams;
  // The refusal of an amount above what is left names that sum in the reader's format.
  const withMoney = params && typeof params.remaining === 'string' ? { ...params, remaining: formatMoney(params.remaining, String(params.currency ?? currency), locale) } : params;
  const err = (f: string) => (failed?.fieldErrors[f] ? t(failed.fieldErrors[f]!, withMoney) : undefined);
  return (
    <form action={formAction} noValidate className="pay-form" aria-labelledby="pay-form-title" data-testid="payment-form">
      <h3 id="pay-form-title">{t('payments.form.title')}</h3>
      {failed?.formError && (
        <div className="alert alert-error" role="alert">
          {t(failed.formError, withMoney)}
        </div>
      )}
      {state?.ok && state.message && (
        <p className="alert alert-ok" role="status">
          {t(state.message)}
        </p>
      )}
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <div className="pay-form-fields" key={`${remaining}-${JSON.stringify(sv ?? {})}`}>
        <Field id="pay-paidOn" label={t('payments.form.paidOn')} error={err('paidOn')}>
          <TextInput id="pay-paidOn" name="paidOn" type="date" max={today} defaultValue={sv?.paidOn ?? today} error={err('paidOn')} required />
        </Field>
        <Field id="pay-amount" label={t('payments.form.amount', { currency })} error={err('amount')} hint={t('payments.form.amountHint')}>
          <TextInput
            id="pay-amount"
            name="amount"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={sv?.amount ?? formatAmount(remaining, locale)}
            error={err('amount')}
            hint={t('payments.form.amountHint')}
            required
          />
        </Field>
        <Field id="pay-note" label={t('payments.form.note')} error={err('note')} hint={t('payments.form.noteHint')}>
          <TextInput id="pay-note" name="note" maxLength={200} defaultValue={sv?.note ?? ''} error={err('note')} hint={t('payments.form.noteHint')} />
        </Field>
      </div>
      <SubmitButton>{t('payments.form.submit')}</SubmitButton>
    </form>
  );
}

/** Deleting a payment asks once more, in the page, naming the amount and the date. */
export function DeletePaymentButton({ paymentId, amount, date, action }: { paymentId: string; amount: string; date: string; action: Action }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const [asking, setAsking] = useState(false);
  const failed = state && !state.ok ? state : undefined;
  return (
    <form action={formAction} className="pay-delete">
      <input type="hidden" name="paymentId" value={paymentId} />
      {asking ? (
        <span className="confirm-step" role="group" aria-label={t('payments.delete.question', { amount, date })}>
          <span>{t('payments.delete.question', { amount, date })}</span>
          <SubmitButton variant="danger" small>
            {t('payments.delete.confirm')}
          </SubmitButton>
          <button type="button" className="btn btn-small" onClick={() => setAsking(false)}>
            {t('payments.delete.cancel')}
          </button>
        </span>
      ) : (
        <button type="button" className="btn btn-small btn-danger" onClick={() => setAsking(true)}>
          {t('payments.delete.button')}
        </button>
      )}
      {failed && (
        <p className="inline-error" role="alert">
          {t(failed.formError ?? Object.values(failed.fieldErrors)[0] ?? 'errors.unexpected', failed.formParams)}
        </p>
      )}
    </form>
  );
}
