import { requireUser } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { NewTenantForm } from '@/components/settings/forms';
import Link from 'next/link';
import { createTenantAction } from '@/app/(app)/actions';

/** A user without any company (e.g. their only membership was removed) creates one; a platform admin may go to /admin instead. */
export default async function OnboardingPage() {
  const user = await requireUser();
  const { t } = await getT();
  return (
    <main className="auth-page">
      <div className="card">
        <h1>{t('settings.newTenant')}</h1>
        <NewTenantForm action={createTenantAction} />
        {user.isPlatformAdmin && (
          // A platform admin needs no company of their own to administer the platform.
          <p>
            <Link href="/admin" data-testid="onboarding-admin-link">
              {t('nav.admin')}
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}
