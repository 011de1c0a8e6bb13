import Link from 'next/link';
import type { ReactNode } from 'react';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import type { Translate } from '@/lib/i18n';
import { getOnboarding, type OnboardingStep } from '@/lib/server/tenants/onboarding';
import { getTenant } from '@/lib/server/tenants/get-tenant';
import { getKsefAccess } from '@/lib/server/ksef-access/get-ksef-access';
import { CompanyForm } from '@/components/settings/forms';
import { KsefGrantSteps } from '@/components/ksef/grant-steps';
import { CheckPermissionsButton, SimulatePanel } from '@/components/ksef/permission-check';
import { PermissionTable } from '@/components/ksef/permission-table';
import { updateTenantAction } from '../actions';
import { checkPermissionsAction, simulateInKsefAction } from '../settings/ksef/actions';
import { NipProofCard } from '../settings/ksef/nip-proof-card';

/** First run: the company's address, KSeF's grant to our NIP, the first invoice — each with its state from what is stored. */
export default async function StartPage() {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const [onboarding, tenant, access] = await Promise.all([getOnboarding(actor), getTenant(actor), getKsefAccess(actor)]);
  const { steps, isOwner } = onboarding;
  return (
    <>
      <h1>{t('onboarding.title')}</h1>
      <p>{t('onboarding.intro')}</p>
      <p className="muted" data-testid="onboarding-progress">
        {t('onboarding.progress', { done: onboarding.done, total: onboarding.total })}
      </p>
      {onboarding.complete && (
        <p className="alert alert-ok" role="status">
          {t('onboarding.allDone')} <Link href="/invoices">{t('onboarding.goToInvoices')}</Link>
        </p>
      )}
      <ol className="onboarding-steps">
        <Step n={1} step="address" done={steps.address} title={t('onboarding.stepAddress')} t={t}>
          <p>{t('onboarding.stepAddressIntro')}</p>
          <CompanyForm action={updateTenantAction} initial={tenant} readOnly={!isOwner} />
        </Step>
        <Step n={2} step="ksef" done={steps.ksef} title={t('onboarding.stepKsef')} t={t}>
          {steps.ksef ? (
            <p>{t('onboarding.stepKsefDone')}</p>
          ) : access.accessMode === 'OWN_CERTIFICATE' ? (
            <p>
              {t('onboarding.stepKsefOwnCertificate')} <Link href="/settings/ksef">{t('settingsTabs.ksef')}</Link>
            </p>
          ) : (
            <>
              <p>{t('onboarding.stepKsefIntro')}</p>
              <NipProofCard proof={access.nipProof} nip={access.tenantNip} t={t} locale={locale} />
              <KsefGrantSteps t={t} environment={access.environment} providerNip={access.providerNip} needsCode={!access.nipProof.verifiedAt} />
              {access.canSimulate && (
                <div className="simulate" data-testid="simulate-panel">
                  <h3>{t('ksef.simulateTitle')}</h3>
                  <p>{t('ksef.simulateIntro')}</p>
                  <SimulatePanel action={simulateInKsefAction} />
                </div>
              )}
            </>
          )}
          <PermissionTable check={access.lastCheck} t={t} locale={locale} />
          <CheckPermissionsButton action={checkPermissionsAction} />
        </Step>
        <Step n={3} step="invoice" done={steps.invoice} title={t('onboarding.stepInvoice')} t={t}>
          <p>{steps.invoice ? t('onboarding.stepInvoiceDone') : t('onboarding.stepInvoiceIntro')}</p>
          <div className="row onboarding-actions">
            <Link className="btn" href="/contractors/new">
              {t('onboarding.newContractor')}
            </Link>
            <Link className="btn btn-primary" href={steps.invoice ? '/invoices' : '/invoices/new'}>
              {steps.invoice ? t('onboarding.goToInvoices') : t('onboarding.newInvoice')}
            </Link>
          </div>
        </Step>
      </ol>
    </>
  );
}

function Step({ n, step, done, title, t, children }: { n: number; step: OnboardingStep; done: boolean; title: string; t: Translate; children: ReactNode }) {
  return (
    <li className="card onboarding-step" data-testid={`onboarding-${step}`} data-done={done}>
      <h2>
        <span className="onboarding-n" aria-hidden="true">
          {done ? '✓' : n}
        </span>
        <span>
          {title} <span className={`badge ${done ? 'tone-ok' : 'tone-info'}`}>{done ? t('onboarding.done') : t('onboarding.todo')}</span>
        </span>
      </h2>
      {children}
    </li>
  );
}
