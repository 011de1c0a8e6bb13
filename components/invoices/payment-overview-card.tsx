/**
 * The invoice list's due-date overview („Należności”): per currency, what is left to pay, how much is
 * overdue and what falls due within the next days, each with its invoice count; the first two open the
 * list filtered by that payment status. Server-rendered from getPaymentOverview.
 */
import Link from 'next/link';
import type { Locale, Translate } from '@/lib/i18n';
import { formatMoney } from '@/lib/i18n/format';
import type { PaymentOverview } from '@/lib/server/payments/payment-overview';
import { DUE_SOON_DAYS } from '@/lib/invoices/payment-status';

export function PaymentOverviewCard({ overview, t, locale }: { overview: PaymentOverview; t: Translate; locale: Locale }) {
  if (!overview.hasInvoices) return null;
  return (
    <section className="card pay-overview" aria-labelledby="pay-overview-title" data-testid="payment-overview">
      <h2 id="pay-overview-title">{t('payments.overview.title')}</h2>
      {overview.currencies.length === 0 && <p className="muted">{t('payments.overview.nothing')}</p>}
      {overview.currencies.map((c) => {
        const money = (amount: string) => formatMoney(amount, c.currency, locale);
        const count = (n: number) => t('payments.overview.count', { count: n });
        return (
          <div key={c.currency} className="pay-overview-currency" data-currency={c.currency}>
            {overview.currencies.length > 1 && <h3 className="pay-overview-code">{c.currency}</h3>}
            <div className="pay-tiles">
              <Link href="/invoices?payment=open" className="pay-tile" data-testid="overview-open">
                <span className="pay-tile-label">{t('payments.overview.open')}</span>
                <strong className="pay-tile-sum">{money(c.open.sum)}</strong>
                <span className="muted">{count(c.open.count)}</span>
              </Link>
              <Link href="/invoices?payment=overdue" className={`pay-tile${c.overdue.count > 0 ? ' pay-tile-overdue' : ''}`} data-testid="overview-overdue">
                <span className="pay-tile-label">{t('payments.overview.overdue')}</span>
                <strong className="pay-tile-sum">{money(c.overdue.sum)}</strong>
                <span className={c.overdue.count > 0 ? undefined : 'muted'}>{count(c.overdue.count)}</span>
              </Link>
              <div className="pay-tile" data-testid="overview-due-soon">
                <span className="pay-tile-label">{t('payments.overview.dueSoon', { days: DUE_SOON_DAYS })}</span>
                <strong className="pay-tile-sum">{money(c.dueSoon.sum)}</strong>
                <span className="muted">{count(c.dueSoon.count)}</span>
              </div>
            </div>
            {(c.noDueDateCount > 0 || c.overpaid.count > 0) && (
              <p className="muted pay-overview-notes">
                {c.noDueDateCount > 0 && t('payments.overview.noDueDate', { count: c.noDueDateCount })}{' '}
                {c.overpaid.count > 0 && t('payments.overview.overpaid', { amount: money(c.overpaid.sum), count: c.overpaid.count })}
              </p>
            )}
          </div>
        );
      })}
    </section>
  );
}
