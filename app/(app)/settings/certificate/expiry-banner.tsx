import Link from 'next/link';
import type { Locale, Translate } from '@/lib/i18n';
import { formatDate } from '@/lib/i18n/format';
import type { ExpiryState } from '@/lib/server/own-certificate/get-own-certificate';

/** Owners' warning: certificate expiring within 30 days, or expired (sending held). */
export function CertificateExpiryBanner({ expiry, t, locale, link }: { expiry: ExpiryState; t: Translate; locale: Locale; link?: boolean }) {
  if (expiry.state === 'OK') return null;
  const date = formatDate(expiry.notAfter, locale);
  return (
    <div className={`alert ${expiry.state === 'EXPIRED' ? 'alert-error' : 'alert-warn'}`} role="status" data-testid="certificate-expiry-banner" data-state={expiry.state}>
      {expiry.state === 'EXPIRED' ? t('certificates.bannerExpired', { date }) : t('certificates.bannerExpiring', { date, days: expiry.daysLeft })}
      {link && (
        <>
          {' '}
          <Link href="/settings/certificate">{t('certificates.manage')}</Link>
        </>
      )}
    </div>
  );
}
