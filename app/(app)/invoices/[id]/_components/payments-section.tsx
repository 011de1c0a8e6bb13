/** The invoice page's „Płatność” card: the derived status, its sums, the payments and „Zapisz wpłatę”. */
import Link from 'next/link';
import Decimal from 'decimal.js';
import type { Actor } from '@/lib/server/access';
import { getInvoicePayments, type InvoicePayments } from '@/lib/server/payments/invoice-payments';
import { daysBetween } from '@/lib/invoices/payment-status';
import { formatDate, formatMoney } from '@/lib/i18n/format';
import type { Locale, Translate } from '@/lib/i18n';
import { deletePaymentAction, recordPaymentAction } from '../payment-actions';
import { DeletePaymentButton, RecordPaymentForm } from './payment-forms';

interface Props {
  actor: Actor;
  invoiceId: string;
  t: Translate;
  locale: Locale;
}

export async function PaymentsSection({ actor, invoiceId, t, locale }: Props) {
  const p = await getInvoicePayments(actor, invoiceId);
  const money = (amount: string) => formatMoney(amount, p.currency, locale);
  const state = p.state;
  return (
    <section className="card inv-section pay-section" aria-labelledby="inv-payments" data-testid="payments-section">
      <div className="pay-head">
        <h2 id="inv-payments">{t('payments.title')}</h2>
        {state ? (
          <span className={`badge pay-badge pay-${state.status}`} data-testid="payment-status" data-status={state.status}>
            {t(`payments.status.${state.status}`)}
          </span>
        ) : (
          <span className="badge" data-testid="payment-status" data-status="none">
            —
          </span>
        )}
      </div>
      {p.none ? <NoStatus p={p} t={t} /> : <Sums p={p} t={t} locale={locale} />}
      {(p.payments.length > 0 || !p.none) && (
        <>
          <h3 className="pay-subtitle">{t('payments.payments')}</h3>
          {p.payments.length === 0 ? (
            <p className="muted" data-testid="no-payments">
              {t('payments.noPayments')}
            </p>
          ) : (
            <div className="table-wrap">
              <table className="data pay-table stack-on-phone" data-testid="payments-table">
                <thead>
                  <tr>
                    <th scope="col">{t('payments.columns.paidOn')}</th>
                    <th scope="col" className="num">
                      {t('payments.columns.amount')}
                    </th>
                    <th scope="col">{t('payments.columns.note')}</th>
                    {p.canEdit && (
                      <th scope="col">
                        <span className="inv-sr-only">{t('payments.columns.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {p.payments.map((x) => (
                    <tr key={x.id}>
                      <td className="nowrap" data-label={t('payments.columns.paidOn')}>
                        {formatDate(x.paidOn, locale)}
                      </td>
                      <td className="num" data-label={t('payments.columns.amount')}>
                        {money(x.amount)}
                      </td>
                      <td className="pay-note" data-label={t('payments.columns.note')}>
                        {x.note}
                      </td>
                      {p.canEdit && (
                        <td className="pay-actions">
                          <DeletePaymentButton paymentId={x.id} amount={money(x.amount)} date={formatDate(x.paidOn, locale)} action={deletePaymentAction} />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
      {state &&
        new Decimal(state.remaining).gt(0) &&
        (p.canEdit ? (
          <RecordPaymentForm invoiceId={p.id} today={p.today} remaining={state.remaining} currency={p.currency} action={recordPaymentAction} />
        ) : (
          <p className="muted">{t('payments.form.viewerHint')}</p>
        ))}
    </section>
  );
}

function NoStatus({ p, t }: { p: InvoicePayments; t: Translate }) {
  if (p.none === 'correction')
    return (
      <p data-testid="payment-none">
        {t('payments.none.correction')} {p.settledOn && <Link href={`/invoices/${p.settledOn.id}`}>{t('payments.none.correctionLink', { number: p.settledOn.number ?? '—' })}</Link>}
      </p>
    );
  return (
    <p className="muted" data-testid="payment-none">
      {t(`payments.none.${p.none}`)}
    </p>
  );
}

function Sums({ p, t, locale }: { p: InvoicePayments; t: Translate; locale: Locale }) {
  const s = p.state!;
  const money = (amount: string) => formatMoney(amount, p.currency, locale);
  const corrected = p.correctionCount > 0;
  const open = new Decimal(s.remaining).gt(0);
  return (
    <>
      <dl className="inv-dl pay-sums">
        <dt>{t(corrected ? 'payments.dueCorrected' : 'payments.due')}</dt>
        <dd>
          {money(s.due)}
          {corrected && <div className="muted pay-hint">{t('payments.dueCorrectedHint', { total: money(p.totalGross), count: p.correctionCount, corrections: money(p.corrections) })}</div>}
        </dd>
        <dt>{t('payments.paid')}</dt>
        <dd data-testid="payment-paid">{money(s.paid)}</dd>
        <dt>{t('payments.remaining')}</dt>
        <dd data-testid="payment-remaining">
          <strong>{money(s.remaining)}</strong>
        </dd>
        {s.status === 'overpaid' && (
          <>
            <dt>{t('payments.overpaid')}</dt>
            <dd data-testid="payment-overpaid">
              <strong>{money(s.overpaid)}</strong>
            </dd>
          </>
        )}
        <dt>{t('payments.dueDate')}</dt>
        <dd>{p.dueDate ? <DueDate dueDate={p.dueDate} today={p.today} overdueDays={s.daysOverdue} open={open} t={t} locale={locale} /> : <span className="muted">{t('payments.noDueDate')}</span>}</dd>
      </dl>
      {s.status === 'overpaid' && (
        <p className="alert alert-warn pay-alert" role="status">
          {t('payments.overpaidHint')}
        </p>
      )}
    </>
  );
}

function DueDate({ dueDate, today, overdueDays, open, t, locale }: { dueDate: string; today: string; overdueDays: number; open: boolean; t: Translate; locale: Locale }) {
  const ahead = daysBetween(today, dueDate);
  const note = !open ? null : overdueDays > 0 ? t('payments.daysOverdue', { days: overdueDays }) : ahead === 0 ? t('payments.dueToday') : t('payments.dueIn', { days: ahead });
  return (
    <>
      {formatDate(dueDate, locale)}
      {note && <span className={overdueDays > 0 ? 'pay-overdue-note' : 'muted'}> · {note}</span>}
    </>
  );
}
