import Link from 'next/link';
import type { Translate } from '@/lib/i18n';

export function SettingsTabs({ current, t, showAudit }: { current: 'company' | 'ksef' | 'audit'; t: Translate; showAudit: boolean }) {
  const tabs = [{ key: 'company', href: '/settings' }, { key: 'ksef', href: '/settings/ksef' }, ...(showAudit ? [{ key: 'audit', href: '/settings/audit' }] : [])] as const;
  return (
    <nav className="tabs" aria-label={t('settings.title')}>
      {tabs.map((tab) => (
        <Link key={tab.key} href={tab.href} aria-current={current === tab.key ? 'page' : undefined}>
          {t(`settingsTabs.${tab.key}`)}
        </Link>
      ))}
    </nav>
  );
}
