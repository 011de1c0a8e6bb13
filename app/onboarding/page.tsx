import { requireUser } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { NewTenantForm } from '@/components/settings/forms';
import { createTenantAction } from '@/app/(app)/actions';

/** A user without any company (e.g. their only membership was removed) creates one. */
export default async function OnboardingPage() {
  await requireUser();
  const { t } = await getT();
  return (
    <main className="auth-page">
      <div className="card">
        <h1>{t('settings.newTenant')}</h1>
        <NewTenantForm action={createTenantAction} />
      </div>
    </main>
  );
}
