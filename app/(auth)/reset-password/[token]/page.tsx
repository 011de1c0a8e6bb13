import Link from 'next/link';
import { getT } from '@/lib/i18n/server';
import { isResetLinkValid } from '@/lib/server/auth/password-reset';
import { ResetPasswordForm } from '@/components/auth/password-reset-forms';
import { resetPasswordAction } from '../../actions';

export const dynamic = 'force-dynamic';

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { t } = await getT();
  const { token } = await params;
  const valid = await isResetLinkValid(token);
  return (
    <main className="auth-page">
      <div className="card">
        <p className="brand">{t('app.name')}</p>
        <h1>{t('passwordReset.newTitle')}</h1>
        {valid ? (
          <ResetPasswordForm action={resetPasswordAction} token={token} />
        ) : (
          <>
            <p className="alert alert-error" role="alert" data-testid="reset-link-invalid">
              {t('passwordReset.invalidLink')}
            </p>
            <p>
              <Link href="/forgot-password">{t('passwordReset.requestNew')}</Link>
            </p>
          </>
        )}
      </div>
    </main>
  );
}
