import { getT } from '@/lib/i18n/server';
import { SignInForm } from '@/components/auth/sign-in-form';
import { signInAction } from '../actions';

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { t } = await getT();
  const { next } = await searchParams;
  return (
    <main className="auth-page">
      <div className="card">
        <p className="brand">{t('app.name')}</p>
        <h1>{t('auth.signInTitle')}</h1>
        <SignInForm action={signInAction} next={next} />
      </div>
    </main>
  );
}
