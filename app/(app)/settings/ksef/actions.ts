'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { checkPermissions } from '@/lib/server/ksef-access/check-permissions';
import { simulateGrantInKsef } from '@/lib/server/ksef-access/simulate-in-ksef';
import { runAction, type ActionState, asForm } from '@/app/_lib/action-result';

export async function checkPermissionsAction(): Promise<ActionState> {
  const { actor } = await requireActor();
  const result = await runAction(() => checkPermissions(actor));
  revalidatePath('/settings/ksef');
  revalidatePath('/invoices');
  return result;
}

export async function simulateInKsefAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const action = form.get('action') === 'revoke' ? 'revoke' : 'grant';
  const permissions = form.getAll('permission').map(String) as ('InvoiceWrite' | 'InvoiceRead')[];
  const result = await runAction(() => simulateGrantInKsef(actor, action, permissions.length ? permissions : undefined));
  revalidatePath('/settings/ksef');
  revalidatePath('/invoices');
  return result;
}
