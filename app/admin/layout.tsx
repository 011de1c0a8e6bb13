import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { signOutAction } from '@/app/(app)/actions';

/**
 * The admin area stands outside the company shell: a platform admin need not belong to any company
 * (the shell would send them to create one). Everyone else gets the 404 of a page that does not exist.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (!user.isPlatformAdmin) notFound();
  const { t } = await getT();
  return (
    <main className="admin-shell" id="content">
      <header className="page-head">
        <strong>{t('app.name')}</strong>
        <nav className="row">
          {user.tenants.length > 0 && <Link href="/invoices">{t('nav.invoices')}</Link>}
          <form action={signOutAction}>
            <button type="submit" className="btn btn-small">
              {t('nav.signOut')}
            </button>
          </form>
        </nav>
      </header>
      {children}
    </main>
  );
}
