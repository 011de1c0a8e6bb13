import { getT } from '@/lib/i18n/server';
import { SignUpForm } from '@/components/auth/sign-in-form';
import { signUpAction } from '../actions';

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { t } = await getT();
  const { next } = await searchParams;
  return (
    <main className="auth-page">
      <div className="card">
        <p className="brand">{t('app.name')}</p>
        <h1>{t('auth.signUpTitle')}</h1>
        <p className="muted">{t('app.tagline')}</p>
        <SignUpForm action={signUpAction} next={next} />
      </div>
    </main>
  );
}
