'use server';
import { revalidatePath } from 'next/cache';
import { requireActor } from '@/lib/auth/session';
import { runAction, type ActionState, asForm } from '@/app/_lib/action-result';
import { requestPurchaseSync } from '@/lib/server/purchases/request-sync';
import { markPurchase } from '@/lib/server/purchases/mark-purchase';

/** "Synchronizuj": enqueues the tenant's sync; the panel then polls its progress. */
export async function requestSyncAction(): Promise<ActionState<{ runId: string; alreadyRunning: boolean }>> {
  const { actor } = await requireActor();
  return runAction(() => requestPurchaseSync(actor));
}

export async function markPurchaseAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const input = { id: String(form.get('id') ?? ''), mark: String(form.get('mark') ?? ''), value: String(form.get('value') ?? '') };
  const result = await runAction(() => markPurchase(actor, input));
  revalidatePath(`/purchases/${input.id}`);
  return result;
}
