'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { emailInvoice } from '@/lib/server/invoices/email-invoice';
import { formToObject, runAction, type ActionState, asForm } from '@/app/_lib/action-result';

/** „Wyślij e-mailem”: queues the invoice for its recipient; the page shows how delivery goes. */
export async function emailInvoiceAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const input = formToObject(form);
  const id = input.id ?? '';
  const result = await runAction(() => emailInvoice(actor, id, input), input);
  revalidatePath(`/invoices/${id}`);
  return result?.ok ? { ok: true, message: 'invoiceEmail.queued' } : result;
}
