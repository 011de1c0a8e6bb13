import Link from 'next/link';
import { auth } from '@/lib/auth';
import { getT } from '@/lib/i18n/server';
import { findInvitation } from '@/lib/server/members/accept-invitation';
import { AcceptInvitationForm, JoinByInvitationForm } from '@/components/settings/forms';
import { acceptInvitationAction } from '@/app/(app)/actions';
import { joinByInvitationAction } from '@/app/(auth)/actions';

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const { t } = await getT();
  const invitation = await findInvitation(token);
  const session = await auth();
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
            {session?.user ? (
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
