import { getT } from '@/lib/i18n/server';
import { ForgotPasswordForm } from '@/components/auth/password-reset-forms';
import { requestPasswordResetAction } from '../actions';

export default async function ForgotPasswordPage() {
  const { t } = await getT();
  return (
    <main className="auth-page">
      <div className="card">
        <p className="brand">{t('app.name')}</p>
        <h1>{t('passwordReset.title')}</h1>
        <p>{t('passwordReset.intro')}</p>
        <ForgotPasswordForm action={requestPasswordResetAction} />
      </div>
    </main>
  );
}
