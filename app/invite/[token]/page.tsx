import Link from 'next/link';
import { sessionClaims } from '@/lib/auth/session-token';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';
import { getT } from '@/lib/i18n/server';
import { findInvitation } from '@/lib/server/members/accept-invitation';
import { AcceptInvitationForm, JoinByInvitationForm } from '@/components/settings/forms';
import { acceptInvitationAction } from '@/app/(app)/actions';
import { joinByInvitationAction } from '@/app/(auth)/actions';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getT();
  const invitation = await findInvitation(token);
  // Signed in = a token of the user's current session version (as on every app page).
  const claims = await sessionClaims();
  const signedIn = claims ? Boolean(await getUserWithTenants(claims.userId, claims.sessionVersion)) : false;
  const next = `/invite/${token}`;
  return (
    <main className="auth-page">
      <div className="card">
        {!invitation ? (
          <p className="alert alert-error">{t('invite.invalid')}</p>
        ) : (
          <>
            <h1>{t('invite.title', { company: invitation.tenant.name })}</h1>
            <p>{t('invite.body', { email: invitation.email, role: t(`settings.roles.${invitation.role}`) })}</p>
            {signedIn ? (
              <AcceptInvitationForm action={acceptInvitationAction} token={token} />
            ) : (
              <>
                <JoinByInvitationForm action={joinByInvitationAction} token={token} email={invitation.email} />
                <p className="muted">
                  {t('invite.haveAccount', { email: invitation.email })} <Link href={`/login?next=${encodeURIComponent(next)}`}>{t('auth.signIn')}</Link>
                </p>
              </>
            )}
          </>
        )}
      </div>
    </main>
  );
}
