import { effectiveKsefEnvironment } from '@/lib/server/ksef-access/get-ksef-access';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate } from '@/lib/i18n/format';
import { getTenant } from '@/lib/server/tenants/get-tenant';
import { listMembers } from '@/lib/server/members/list-members';
import { ChangePasswordForm, CompanyForm, InviteForm, NewTenantForm } from '@/components/settings/forms';
import { SettingsTabs } from '@/components/settings/tabs';
import { LeaveTenantForm, MemberRoleForm, RemoveMemberButton } from '@/components/settings/member-controls';
import {
  changeMemberRoleAction,
  changePasswordAction,
  createTenantAction,
  inviteMemberAction,
  leaveTenantAction,
  removeMemberAction,
  revokeInvitationAction,
  signOutEverywhereAction,
  updateTenantAction,
} from '../actions';

export default async function SettingsPage() {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const tenant = await getTenant(actor);
  const { members, invitations } = await listMembers(actor);
  const isOwner = tenant.role === 'OWNER';
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="company" t={t} showAudit={isOwner} />
      <section className="card" aria-labelledby="company-h">
        <h2 id="company-h">{t('settings.company')}</h2>
        <CompanyForm action={updateTenantAction} initial={tenant} readOnly={!isOwner} />
        <p className="muted">
          {t('settings.ksefEnvironment')}: <strong>{t(`ksef.environments.${effectiveKsefEnvironment(tenant.ksefEnvironment)}`)}</strong> · {t('settings.ksefAccessMode')}:{' '}
          <strong>{t(`settings.accessModes.${tenant.ksefAccessMode}`)}</strong>
        </p>
      </section>
      <section className="card" aria-labelledby="members-h">
        <h2 id="members-h">{t('settings.members')}</h2>
        <div className="table-wrap">
          <table className="data stack-on-phone">
            <thead>
              <tr>
                <th scope="col">{t('auth.email')}</th>
                <th scope="col">{t('auth.name')}</th>
                <th scope="col">{t('settings.role')}</th>
                {isOwner && <th scope="col">{t('settings.memberActions')}</th>}
              </tr>
            </thead>
            <tbody>
              {members.map((m) => {
                const self = m.userId === actor.userId;
                return (
                  <tr key={m.id} data-testid="member-row">
                    <td data-label={t('auth.email')}>
                      {m.user.email} {self && <span className="muted">{t('settings.you')}</span>}
                    </td>
                    <td data-label={t('auth.name')}>{m.user.name}</td>
                    <td data-label={t('settings.role')}>
                      {isOwner ? <MemberRoleForm membershipId={m.id} email={m.user.email} role={m.role} action={changeMemberRoleAction} /> : t(`settings.roles.${m.role}`)}
                    </td>
                    {isOwner && <td data-label={t('settings.memberActions')}>{!self && <RemoveMemberButton membershipId={m.id} email={m.user.email} action={removeMemberAction} />}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {isOwner && (
          <>
            <h2>{t('settings.invite')}</h2>
            <InviteForm action={inviteMemberAction} />
            {invitations.length > 0 && (
              <>
                <h2>{t('settings.pendingInvitations')}</h2>
                <ul>
                  {invitations.map((i) => (
                    <li key={i.id} className="row">
                      <span>
                        {i.email} — {t(`settings.roles.${i.role}`)} ({formatDate(i.expiresAt, locale)})
                      </span>
                      <form action={revokeInvitationAction}>
                        <input type="hidden" name="invitationId" value={i.id} />
                        <button className="btn btn-small btn-danger" type="submit">
                          {t('settings.revoke')}
                        </button>
                      </form>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </section>
      <section className="card" aria-labelledby="account-h" data-testid="account-security">
        <h2 id="account-h">{t('account.title')}</h2>
        <ChangePasswordForm action={changePasswordAction} />
        <form action={signOutEverywhereAction}>
          <p className="muted">{t('account.everywhereHelp')}</p>
          <button type="submit" className="btn">
            {t('account.everywhere')}
          </button>
        </form>
        <h3>{t('settings.leave')}</h3>
        <LeaveTenantForm company={tenant.name} action={leaveTenantAction} />
      </section>
      <section className="card" aria-labelledby="newtenant-h">
        <h2 id="newtenant-h">{t('settings.newTenant')}</h2>
        <NewTenantForm action={createTenantAction} />
      </section>
    </>
  );
}
