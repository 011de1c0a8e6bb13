import type { ReactNode } from 'react';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { NavLinks } from '@/components/shell/nav-links';
import { MobileMenu } from '@/components/shell/mobile-menu';
import { AutoSubmitSelect } from '@/components/shell/auto-submit-select';
import { setLocaleAction, signOutAction, switchTenantAction } from './actions';
import { certificateExpiryNotice } from '@/lib/server/own-certificate/get-own-certificate';
import { CertificateExpiryBanner } from './settings/certificate/expiry-banner';
import { ksefUnreachableSince } from '@/lib/server/ksef/availability';
import { ksefEnvironmentKey } from '@/lib/server/ksef/gateway';
import { formatDateTime, formatNip } from '@/lib/i18n/format';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, tenants, tenant } = await requireActor();
  const { t, locale } = await getT();
  const expiry = tenant.role === 'OWNER' ? certificateExpiryNotice(tenant.certificateNotAfter) : null;
  const ksefDownSince = await ksefUnreachableSince(ksefEnvironmentKey());
  const links = [
    { href: '/invoices', label: t('nav.invoices') },
    { href: '/purchases', label: t('nav.purchases') },
    { href: '/contractors', label: t('nav.contractors') },
    { href: '/settings', label: t('nav.settings') },
    ...(user.isPlatformAdmin ? [{ href: '/admin', label: t('nav.admin') }] : []),
  ];
  return (
    <>
      <a href="#content" className="skip-link">
        {t('nav.skipToContent')}
      </a>
      <div className="shell">
        <MobileMenu label={t('nav.menu')} title={t('app.name')}>
          <div className="brand">{t('app.name')}</div>
          {/* The company's whole name, wrapped: a select would clip it to the sidebar's width. */}
          <div className="sidebar-company" data-testid="current-company">
            <strong>{tenant.name}</strong>
            <span className="muted">NIP {formatNip(tenant.nip)}</span>
          </div>
          {tenants.length > 1 && (
            <form action={switchTenantAction} className="tenant-switch">
              <label htmlFor="tenantId" className="muted">
                {t('nav.switchTenant')}
              </label>
              <AutoSubmitSelect id="tenantId" name="tenantId" defaultValue={tenant.id}>
                {tenants.map((tn) => (
                  <option key={tn.id} value={tn.id}>
                    {tn.name} ({formatNip(tn.nip)})
                  </option>
                ))}
              </AutoSubmitSelect>
              <noscript>
                <button type="submit" className="btn btn-small" style={{ marginTop: 4 }}>
                  OK
                </button>
              </noscript>
            </form>
          )}
          <nav aria-label={t('nav.menu')}>
            <NavLinks links={links} />
          </nav>
          <div style={{ marginTop: 'auto' }}>
            <div className="muted sidebar-user" data-testid="current-user" title={user.email}>
              {user.email}
            </div>
            <form action={setLocaleAction} className="sidebar-locale">
              <label htmlFor="locale" className="muted">
                {t('nav.language')}
              </label>
              <AutoSubmitSelect id="locale" name="locale" defaultValue={locale}>
                <option value="pl">Polski</option>
                <option value="en">English</option>
              </AutoSubmitSelect>
              <noscript>
                <button type="submit" className="btn btn-small">
                  OK
                </button>
              </noscript>
            </form>
            <form action={signOutAction}>
              <button type="submit" className="btn btn-small">
                {t('nav.signOut')}
              </button>
            </form>
          </div>
        </MobileMenu>
        <main id="content" className="main">
          {ksefDownSince && (
            <div className="alert alert-warn" role="status" data-testid="ksef-unreachable">
              {t('ksef.unreachableSince', { since: formatDateTime(ksefDownSince, locale) })}
            </div>
          )}
          {expiry && <CertificateExpiryBanner expiry={expiry} t={t} locale={locale} link />}
          {children}
        </main>
      </div>
    </>
  );
}
