import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate } from '@/lib/i18n/format';
import { getOwnCertificate } from '@/lib/server/own-certificate/get-own-certificate';
import { SettingsTabs } from '@/components/settings/tabs';
import { removeOwnCertificateAction, setKsefAccessModeAction, testOwnCertificateAction, uploadOwnCertificateAction } from './actions';
import { ModeSwitchForm, RemoveCertificateButton, TestConnectionButton, UploadCertificateForm } from './certificate-forms';
import { CertificateExpiryBanner } from './expiry-banner';

/** Owner-only management of the company's own KSeF certificate (when the platform admin allows it). */
export default async function CertificatePage() {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const own = await getOwnCertificate(actor);
  const cert = own.certificate;
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="ksef" t={t} showAudit={own.isOwner} />
      <section className="card" aria-labelledby="cert-h" data-testid="certificate-page">
        <h2 id="cert-h">{t('certificates.title')}</h2>
        <p>{t('certificates.intro')}</p>
        {!own.ownCertificateAllowed ? (
          <p className="alert alert-info" role="status">
            {t('certificates.notAllowed')}
          </p>
        ) : !own.isOwner ? (
          <p className="alert alert-info" role="status">
            {t('certificates.ownersOnly')}
          </p>
        ) : (
          <>
            {own.expiry && <CertificateExpiryBanner expiry={own.expiry} t={t} locale={locale} />}
            <h3>{t('certificates.modeTitle')}</h3>
            <p data-testid="access-mode" data-mode={own.ksefAccessMode}>
              {t('certificates.modeCurrent', { mode: t(`settings.accessModes.${own.ksefAccessMode}`) })}
            </p>
            {own.ksefAccessMode === 'DELEGATED' && cert && own.expiry?.state !== 'EXPIRED' && (
              <ModeSwitchForm action={setKsefAccessModeAction} to="OWN_CERTIFICATE" label={t('certificates.switchToOwn')} />
            )}
            {own.ksefAccessMode === 'OWN_CERTIFICATE' && <ModeSwitchForm action={setKsefAccessModeAction} to="DELEGATED" label={t('certificates.switchToDelegated')} />}
            <h3>{t('certificates.stored')}</h3>
            {cert ? (
              <>
                <dl className="kv" data-testid="stored-certificate">
                  <dt>{t('certificates.subject')}</dt>
                  <dd>{cert.subject}</dd>
                  <dt>{t('certificates.identifier')}</dt>
                  <dd className="mono">
                    {t(`certificates.identifierTypes.${cert.identifierType}`)} {cert.identifierValue}
                  </dd>
                  <dt>{t('certificates.validity')}</dt>
                  <dd>{t('certificates.validityRange', { from: formatDate(cert.notBefore, locale), to: formatDate(cert.notAfter, locale) })}</dd>
                  <dt>{t('certificates.keyAlgorithm')}</dt>
                  <dd>{cert.keyAlgorithm}</dd>
                  <dt>{t('certificates.fingerprint')}</dt>
                  <dd className="mono" style={{ wordBreak: 'break-all' }}>
                    {cert.fingerprint}
                  </dd>
                </dl>
                <div className="row">
                  <TestConnectionButton action={testOwnCertificateAction} />
                  <RemoveCertificateButton action={removeOwnCertificateAction} />
                </div>
              </>
            ) : (
              <p className="muted">{t('certificates.none')}</p>
            )}
            <UploadCertificateForm action={uploadOwnCertificateAction} title={cert ? t('certificates.replaceTitle') : t('certificates.uploadTitle')} />
          </>
        )}
      </section>
    </>
  );
}
