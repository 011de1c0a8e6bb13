import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatNip } from '@/lib/i18n/format';
import { getKsefAccess } from '@/lib/server/ksef-access/get-ksef-access';
import { CheckPermissionsButton, CopyNip, SimulatePanel } from '@/components/ksef/permission-check';
import { PermissionTable } from '@/components/ksef/permission-table';
import { SettingsTabs } from '@/components/settings/tabs';
import { checkPermissionsAction, simulateInKsefAction } from './actions';

export default async function KsefSettingsPage() {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const access = await getKsefAccess(actor);
  const nip = access.providerNip ?? '—';
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="ksef" t={t} showAudit={access.isOwner} />
      <section className="card" aria-labelledby="ksef-h">
        <h2 id="ksef-h">{t('ksef.title')}</h2>
        <p>{t('ksef.intro')}</p>
        <p className="muted">{t('ksef.environment', { env: access.environment })}</p>
        <div className="ksef-nip-box">
          <div className="muted">{t('ksef.ourNip')}</div>
          <CopyNip nip={nip} display={formatNip(nip)} />
        </div>
        <h3>{t('ksef.stepsTitle')}</h3>
        <ol>
          <li>{t('ksef.step1')}</li>
          <li>{t('ksef.step2')}</li>
          <li>{t('ksef.step3', { nip: formatNip(nip) })}</li>
          <li>{t('ksef.step4')}</li>
          <li>{t('ksef.step5')}</li>
        </ol>
        <p className="alert alert-info">{t('ksef.whySafer')}</p>
      </section>
      <section className="card" aria-labelledby="check-h">
        <h2 id="check-h">{t('ksef.check')}</h2>
        {access.waitingInvoices > 0 && <div className="alert alert-warn" role="status">{t('ksef.waiting', { count: access.waitingInvoices })}</div>}
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
