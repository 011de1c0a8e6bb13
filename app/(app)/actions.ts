'use server';
import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { redirect } from 'next/navigation';
import { signIn, signOut } from '@/lib/auth';
import { changePassword, signOutEverywhere } from '@/lib/server/auth/account-sessions';
import { requireActor, requireUser, TENANT_COOKIE } from '@/lib/auth/session';
import { LOCALE_COOKIE, asLocale } from '@/lib/i18n';
import { createTenant } from '@/lib/server/tenants/create-tenant';
import { updateTenant } from '@/lib/server/tenants/update-tenant';
import { inviteMember } from '@/lib/server/members/invite-member';
import { revokeInvitation } from '@/lib/server/members/revoke-invitation';
import { acceptInvitation } from '@/lib/server/members/accept-invitation';
import { changeMemberRole, leaveTenant, removeMember } from '@/lib/server/members/manage-members';
import { createContractor, updateContractor } from '@/lib/server/contractors/save-contractor';
import { deleteContractor } from '@/lib/server/contractors/delete-contractor';
import { formToObject, runAction, type ActionState, asForm } from '@/app/_lib/action-result';
import { isProduction } from '@/lib/config';

const cookieOpts = { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: isProduction() };

export async function switchTenantAction(untrustedForm: FormData) {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  const tenantId = String(form.get('tenantId') ?? '');
  // Only a tenant the user belongs to can become the active one.
  if (user.tenants.some((t) => t.id === tenantId)) {
    (await cookies()).set(TENANT_COOKIE, tenantId, cookieOpts);
  }
  redirect('/invoices');
}

export async function setLocaleAction(untrustedForm: FormData) {
  const form = asForm(untrustedForm);
  (await cookies()).set(LOCALE_COOKIE, asLocale(String(form.get('locale'))), { ...cookieOpts, httpOnly: false, maxAge: 31_536_000 });
  revalidatePath('/', 'layout');
}

export async function signOutAction() {
  await signOut({ redirectTo: '/login' });
}

export async function createTenantAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  const result = await runAction(() => createTenant(user.id, formToObject(form)), formToObject(form));
  if (!result?.ok) return result;
  (await cookies()).set(TENANT_COOKIE, (result.data as { tenantId: string }).tenantId, cookieOpts);
  redirect('/start');
}

export async function updateTenantAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(() => updateTenant(actor, formToObject(form)), formToObject(form));
  if (result?.ok) {
    revalidatePath('/settings');
    revalidatePath('/start');
  }
  return result?.ok ? { ok: true, message: 'settings.saved' } : result;
}

export async function inviteMemberAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(async () => {
    const inv = await inviteMember(actor, formToObject(form));
    return { link: `/invite/${inv.token}`, email: inv.email, emailed: inv.emailed };
  }, formToObject(form));
  revalidatePath('/settings');
  return result;
}

export async function revokeInvitationAction(untrustedForm: FormData) {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  // Through the one error mapping: an unknown or malformed id changes nothing and answers no 500.
  await runAction(() => revokeInvitation(actor, String(form.get('invitationId') ?? '')));
  revalidatePath('/settings');
}

export async function changeMemberRoleAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(() => changeMemberRole(actor, formToObject(form)));
  if (result?.ok) revalidatePath('/settings');
  return result?.ok ? { ok: true, message: 'settings.roleChanged' } : result;
}

export async function removeMemberAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(() => removeMember(actor, String(form.get('membershipId') ?? '')));
  if (result?.ok) revalidatePath('/settings');
  return result;
}

/** After leaving, the next company of the user (or onboarding) takes over. */
export async function leaveTenantAction(_prev: ActionState, _form: FormData): Promise<ActionState> {
  const { actor } = await requireActor();
  const result = await runAction(() => leaveTenant(actor));
  if (!result?.ok) return result;
  (await cookies()).delete(TENANT_COOKIE);
  redirect('/invoices');
}

export async function acceptInvitationAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  const result = await runAction(() => acceptInvitation(user.id, String(form.get('token') ?? '')));
  if (!result?.ok) return result;
  (await cookies()).set(TENANT_COOKIE, (result.data as { tenantId: string }).tenantId, cookieOpts);
  redirect('/invoices');
}

export async function saveContractorAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const { id, ...input } = formToObject(form);
  const result = await runAction(async () => {
    if (id) await updateContractor(actor, id, input);
    else await createContractor(actor, input);
  }, formToObject(form));
  if (!result?.ok) return result;
  revalidatePath('/contractors');
  redirect('/contractors');
}

export async function deleteContractorAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const { actor } = await requireActor();
  const result = await runAction(() => deleteContractor(actor, String(form.get('id') ?? '')));
  if (result?.ok) revalidatePath('/contractors');
  return result?.ok ? { ok: true, message: 'contractors.deleted' } : result;
}

/** Every session of the user ends; this browser is signed in again with the new password. */
export async function changePasswordAction(_prev: ActionState, untrustedForm: FormData): Promise<ActionState> {
  const form = asForm(untrustedForm);
  const user = await requireUser();
  const input = formToObject(form);
  const result = await runAction(() => changePassword(user.id, input));
  if (!result?.ok) return result;
  await signIn('credentials', { email: (result.data as { email: string }).email, password: input.newPassword, redirect: false });
  return { ok: true, message: 'account.passwordChanged' };
}

export async function signOutEverywhereAction() {
  const user = await requireUser();
  await signOutEverywhere(user.id);
  await signOut({ redirectTo: '/login' });
}
