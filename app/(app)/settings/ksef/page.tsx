import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate } from '@/lib/i18n/format';
import { getKsefAccess } from '@/lib/server/ksef-access/get-ksef-access';
import { CheckPermissionsButton, SimulatePanel } from '@/components/ksef/permission-check';
import { KsefGrantSteps } from '@/components/ksef/grant-steps';
import { PermissionTable } from '@/components/ksef/permission-table';
import { SettingsTabs } from '@/components/settings/tabs';
import { checkPermissionsAction, simulateInKsefAction } from './actions';
import Link from 'next/link';
import { getOwnCertificate } from '@/lib/server/own-certificate/get-own-certificate';
import { CertificateExpiryBanner } from '../certificate/expiry-banner';
import { NipProofCard } from './nip-proof-card';

export default async function KsefSettingsPage() {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const [access, own] = await Promise.all([getKsefAccess(actor), getOwnCertificate(actor)]);
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="ksef" t={t} showAudit={access.isOwner} />
      <NipProofCard proof={access.nipProof} nip={access.tenantNip} t={t} locale={locale} />
      {access.accessMode === 'OWN_CERTIFICATE' ? (
        // Own-certificate mode: nothing to grant to us; what matters is the company's certificate.
        <section className="card" aria-labelledby="own-cert-h" data-testid="own-certificate-card">
          <h2 id="own-cert-h">{t('certificates.ksefCardTitle')}</h2>
          <p>{t('certificates.ksefCardIntro')}</p>
          <p className="muted">{t('ksef.environment', { env: t(`ksef.environments.${access.environment}`) })}</p>
          {own.expiry && <CertificateExpiryBanner expiry={own.expiry} t={t} locale={locale} />}
          {own.certificate && (
            <p>
              {own.certificate.subject} · {t('certificates.validityRange', { from: formatDate(own.certificate.notBefore, locale), to: formatDate(own.certificate.notAfter, locale) })}
            </p>
          )}
          {access.isOwner && <Link href="/settings/certificate">{t('certificates.manage')}</Link>}
        </section>
      ) : (
        <section className="card" aria-labelledby="ksef-h">
          <h2 id="ksef-h">{t('ksef.title')}</h2>
          <p>{t('ksef.intro')}</p>
          <p className="muted">{t('ksef.environment', { env: t(`ksef.environments.${access.environment}`) })}</p>
          <KsefGrantSteps t={t} environment={access.environment} providerNip={access.providerNip} needsCode={!access.nipProof.verifiedAt} />
          <p className="alert alert-info">{t('ksef.whySafer')}</p>
        </section>
      )}
      {access.accessMode === 'DELEGATED' && own.ownCertificateAllowed && access.isOwner && (
        <p className="alert alert-info">
          {t('certificates.allowedHint')} <Link href="/settings/certificate">{t('certificates.manage')}</Link>
        </p>
      )}
      <section className="card" aria-labelledby="check-h">
        <h2 id="check-h">{t('ksef.check')}</h2>
        {access.waitingInvoices > 0 && (
          <div className="alert alert-warn" role="status">
            {t('ksef.waiting', { count: access.waitingInvoices })}
          </div>
        )}
        <PermissionTable check={access.lastCheck} t={t} locale={locale} />
        <CheckPermissionsButton action={checkPermissionsAction} />
      </section>
      {access.canSimulate && (
        <section className="card simulate" aria-labelledby="sim-h" data-testid="simulate-panel">
          <h2 id="sim-h">{t('ksef.simulateTitle')}</h2>
          <p>{t('ksef.simulateIntro')}</p>
          <SimulatePanel action={simulateInKsefAction} />
        </section>
      )}
    </>
  );
}
