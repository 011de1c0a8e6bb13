'use server';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { issueInvoice } from '@/lib/server/invoices/issue-invoice';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { retryUpo } from '@/lib/server/invoices/retry-upo';
import { createContractor } from '@/lib/server/contractors/save-contractor';
import { runAction, type ActionState, asForm } from '@/app/_lib/action-result';
import { getT } from '@/lib/i18n/server';
import { safeInvoiceFieldErrors } from '@/lib/server/validation';

function payloadOf(form: FormData): unknown {
  try {
    return JSON.parse(String(form.get('payload') ?? '{}'));
  } catch {
    return {};
  }
}

/**
 * The invoice form posts its state as JSON in `payload`; `intent` is draft | issue | issueAndSend.
 * Issuing saves the draft first (a draft may be incomplete), so nothing typed is ever lost even when
 * issuing is refused; issuing then checks the whole form before it takes a number.
 */
export async function saveInvoiceAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState<{ id: string }>> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const payload = payloadOf(form);
  const intent = String(form.get('intent') ?? 'draft');
  let id = String(form.get('id') ?? '') || undefined;
  const saved = await runAction(async () => (await saveInvoiceDraft(actor, payload, id)).id);
  if (!saved?.ok) return saved as ActionState<{ id: string }>;
  id = saved.data!;
  if (intent !== 'draft') {
    const issued = await runAction(() => issueInvoice(actor, id!));
    if (!issued?.ok) {
      const failed = issued as Exclude<ActionState, { ok: true } | null>;
      // A validator's own text (the official XSD's English) never reaches the user: mapped to the field, logged.
      return { ...failed, fieldErrors: safeInvoiceFieldErrors(failed.fieldErrors, (await getT()).t), values: { id: id! } };
    }
    if (intent === 'issueAndSend') await sendInvoice(actor, id!);
  }
  revalidatePath('/invoices');
  redirect(intent === 'draft' ? `/invoices/${id}/edit?saved=1` : `/invoices/${id}`);
}

export async function sendInvoiceAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const id = String(form.get('id') ?? '');
  const result = await runAction(() => sendInvoice(actor, id));
  revalidatePath(`/invoices/${id}`);
  return result;
}

export async function retryUpoAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const id = String(form.get('id') ?? '');
  const result = await runAction(() => retryUpo(actor, id));
  revalidatePath(`/invoices/${id}`);
  return result?.ok ? { ok: true, message: 'invoicePage.upoRetryQueued' } : result;
}

/** Inline "new buyer" in the invoice form; returns the new contractor's id for the buyer picker. */
export async function createBuyerAction(input: unknown): Promise<ActionState<{ id: string }>> {
  const { actor } = await requireActor();
  return runAction(async () => (await createContractor(actor, input)).id) as Promise<ActionState<{ id: string }>>;
}
