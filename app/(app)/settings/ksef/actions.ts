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
  revalidatePath('/start');
  return result;
}

export async function simulateInKsefAction(_prev: ActionState<{ target: string }>, untrustedForm: FormData): Promise<ActionState<{ target: string }>> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const target = String(form.get('target'));
  const result = await runAction(async () => ({ target: (await simulateGrantInKsef(actor, target)).target }));
  revalidatePath('/settings/ksef');
  revalidatePath('/invoices');
  revalidatePath('/start');
  return result;
}
