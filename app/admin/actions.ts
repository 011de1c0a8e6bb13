'use server';
import { revalidatePath } from 'next/cache';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { setOwnCertificateAllowed } from '@/lib/server/admin/set-own-certificate-allowed';
import { verifyNipByAdmin } from '@/lib/server/admin/verify-nip';
import { formToObject, runAction, type ActionState, asForm } from '@/app/_lib/action-result';

/** Admin-only: anyone else gets the same 404 as for a page that does not exist. */
export async function setOwnCertificateAllowedAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  if (!user.isPlatformAdmin) notFound();
  const input = formToObject(form);
  const result = await runAction(() => setOwnCertificateAllowed(user.id, { tenantId: input.tenantId ?? '', allowed: input.allowed === 'true', reason: input.reason ?? '' }), input);
  if (result?.ok) revalidatePath('/admin');
  return result?.ok ? { ok: true, message: 'adminTenants.changed' } : result;
}

export async function verifyNipAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  if (!user.isPlatformAdmin) notFound();
  const input = formToObject(form);
  const result = await runAction(() => verifyNipByAdmin(user.id, { tenantId: input.tenantId ?? '', reason: input.reason ?? '' }), input);
  if (result?.ok) revalidatePath('/admin');
  return result?.ok ? { ok: true, message: 'adminTenants.nipVerifiedDone' } : result;
}
