import type { Translate } from '@/lib/i18n';
import { formatNip } from '@/lib/i18n/format';
import { CopyNip } from '@/components/ksef/permission-check';

type Environment = 'TEST' | 'DEMO' | 'PROD' | 'EMULATOR';

/**
 * KSeF 2.0's own web application per environment (Aplikacja Podatnika KSeF, Ministry of Finance). The
 * API documentation does not list these hosts: they are the ones the Ministry announced for KSeF 2.0
 * (ap-test / ap-demo / ap), as integrators quote them.
 */
export const KSEF_TAXPAYER_APP: Record<Exclude<Environment, 'EMULATOR'>, string> = {
  PROD: 'https://ap.ksef.mf.gov.pl/',
  DEMO: 'https://ap-demo.ksef.mf.gov.pl/',
  TEST: 'https://ap-test.ksef.mf.gov.pl/',
};

/**
 * How an owner grants our NIP InvoiceWrite and InvoiceRead: where to sign in for this environment
 * and how, then the steps in KSeF. Shown on Ustawienia → KSeF and in „Pierwsze kroki”.
 */
export function KsefGrantSteps({ t, environment, providerNip, needsCode }: { t: Translate; environment: Environment; providerNip: string | null; needsCode: boolean }) {
  const nip = providerNip ?? '—';
  const app = environment === 'EMULATOR' ? null : KSEF_TAXPAYER_APP[environment];
  return (
    <div className="ksef-grant" data-testid="ksef-grant-steps" data-environment={environment}>
      <div className="ksef-nip-box">
        <div className="muted">{t('ksef.ourNip')}</div>
        <CopyNip nip={nip} display={formatNip(nip)} />
      </div>
      {app && (
        <p>
          <a className="btn" href={app} target="_blank" rel="noopener noreferrer" data-testid="ksef-app-link">
            {t('ksefApp.open', { env: t(`ksef.environments.${environment}`) })} ↗
          </a>
        </p>
      )}
      <p className="muted" data-testid="ksef-sign-in">
        {t(`ksefApp.signIn.${environment}`)}
      </p>
      <h3>{t('ksef.stepsTitle')}</h3>
      <ol>
        <li>{t('ksefApp.step1')}</li>
        <li>{t('ksef.step2')}</li>
        <li>{t('ksef.step3', { nip: formatNip(nip) })}</li>
        <li>{t('ksef.step4')}</li>
        {needsCode && <li>{t('ksef.step4Code')}</li>}
        <li>{t('ksef.step5')}</li>
      </ol>
    </div>
  );
}
