import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatCount, formatDateTime } from '@/lib/i18n/format';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { Pager } from '@/components/shell/pager';
import { InvoiceTable } from '@/components/invoices/invoice-table';
import { InvoiceFilters } from '@/components/invoices/invoice-filters';
import { getOnboarding } from '@/lib/server/tenants/onboarding';
import { getPaymentOverview } from '@/lib/server/payments/payment-overview';
import { PaymentOverviewCard } from '@/components/invoices/payment-overview-card';

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const [{ rows, total, totalIsCapped, pages, hasNextPage, query, ksef }, onboarding, overview] = await Promise.all([
    listInvoices(actor, await searchParams),
    getOnboarding(actor),
    getPaymentOverview(actor),
  ]);
  const check = ksef.lastCheck;
  const filtered = Boolean(query.status || query.kind || query.from || query.to || query.buyer || query.number || query.payment);
  const tone = !check ? 'info' : check.outcome === 'OK' ? 'ok' : check.outcome === 'UNREACHABLE' || check.outcome === 'CERTIFICATE_REJECTED' ? 'error' : 'warn';
  return (
    <>
      <div className="page-head">
        <h1>{t('invoices.title')}</h1>
        <Link href="/invoices/new" className="btn btn-primary">
          {t('invoices.new')}
        </Link>
      </div>
      {!onboarding.complete && (
        <p className="alert alert-info" data-testid="onboarding-banner">
          {t('onboarding.banner', { done: onboarding.done, total: onboarding.total })} <Link href="/start">{t('onboarding.bannerLink')}</Link>
        </p>
      )}
      <div className={`alert alert-${tone}`} role="status" data-testid="ksef-access-card">
        <strong>{t('ksef.dashboardTitle')}:</strong> {check ? t(`ksef.outcome.${check.outcome}`) : t('ksef.neverChecked')}
        {check && <span className="muted"> ({formatDateTime(new Date(check.checkedAt), locale)})</span>}
        {ksef.waitingInvoices > 0 && <div>{t('ksef.waiting', { count: ksef.waitingInvoices })}</div>} <Link href="/settings/ksef">{t('ksef.dashboardLink')}</Link>
      </div>
      <PaymentOverviewCard overview={overview} t={t} locale={locale} />
      <InvoiceFilters query={query} />
      {rows.length === 0 ? (
        <div className="card empty" data-testid="invoices-empty">
          <p>
            <strong>{t(filtered ? 'invoices.noneMatch' : 'invoices.empty')}</strong>
          </p>
          <p>{filtered ? <Link href="/invoices">{t('invoices.noneMatchHint')}</Link> : t('invoices.emptyHint')}</p>
        </div>
      ) : (
        <InvoiceTable rows={rows} />
      )}
      <Pager
        path="/invoices"
        query={query}
        page={query.page}
        pages={pages}
        morePages={totalIsCapped}
        hasNext={hasNextPage}
        t={t}
        summary={t('invoices.total', { count: totalIsCapped ? `${formatCount(total, locale)}+` : total })}
      />
    </>
  );
}
