'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { asForm, formToObject, runAction, type ActionState } from '@/app/_lib/action-result';
import { recordPayment } from '@/lib/server/payments/record-payment';
import { deletePayment } from '@/lib/server/payments/delete-payment';

/** „Zapisz wpłatę” on the invoice page: errors at the fields, what was typed kept. */
export async function recordPaymentAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const input = formToObject(form);
  const result = await runAction(() => recordPayment(actor, input), input);
  if (result?.ok) {
    revalidatePath(`/invoices/${input.invoiceId}`);
    revalidatePath('/invoices');
    return { ok: true, message: 'payments.form.saved' };
  }
  return result;
}

export async function deletePaymentAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const input = formToObject(form);
  const result = await runAction(() => deletePayment(actor, input));
  if (result?.ok) {
    revalidatePath(`/invoices/${result.data!.invoiceId}`);
    revalidatePath('/invoices');
    return { ok: true, message: 'payments.delete.deleted' };
  }
  return result;
}
