import Form from 'next/form';
import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatCount, formatDate, formatMoney } from '@/lib/i18n/format';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { formatDateTime } from '@/lib/i18n/format';
import { Pager } from '@/components/shell/pager';

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const { rows, total, totalIsCapped, pages, hasNextPage, query, ksef } = await listInvoices(actor, await searchParams);
  const check = ksef.lastCheck;
  const tone = !check ? 'info' : check.outcome === 'OK' ? 'ok' : check.outcome === 'UNREACHABLE' || check.outcome === 'CERTIFICATE_REJECTED' ? 'error' : 'warn';
  return (
    <>
      <div className="page-head">
        <h1>{t('invoices.title')}</h1>
        <Link href="/invoices/new" className="btn btn-primary">{t('invoices.new')}</Link>
      </div>
      <div className={`alert alert-${tone}`} role="status" data-testid="ksef-access-card">
        <strong>{t('ksef.dashboardTitle')}:</strong> {check ? t(`ksef.outcome.${check.outcome}`) : t('ksef.neverChecked')}
        {check && <span className="muted"> ({formatDateTime(new Date(check.checkedAt), locale)})</span>}
        {ksef.waitingInvoices > 0 && <div>{t('ksef.waiting', { count: ksef.waitingInvoices })}</div>}{' '}
        <Link href="/settings/ksef">{t('ksef.dashboardLink')}</Link>
      </div>
      <Form action="/invoices" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-status">{t('invoices.status')}</label>
          <select id="f-status" name="status" defaultValue={query.status ?? ''}>
            <option value="">{t('invoices.all')}</option>
            {(['DRAFT', 'ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED', 'REJECTED'] as const).map((s) => (
              <option key={s} value={s}>{t(`invoiceStatus.${s}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-kind">{t('invoices.kind')}</label>
          <select id="f-kind" name="kind" defaultValue={query.kind ?? ''}>
            <option value="">{t('invoices.all')}</option>
            {(['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR'] as const).map((k) => (
              <option key={k} value={k}>{t(`invoiceKind.${k}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-from">{t('invoices.from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('invoices.to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={query.to} />
        </div>
        <div className="field">
          <label htmlFor="f-buyer">{t('invoices.buyer')}</label>
          <input id="f-buyer" name="buyer" defaultValue={query.buyer} />
        </div>
        <div className="field">
          <label htmlFor="f-number">{t('invoices.number')}</label>
          <input id="f-number" name="number" defaultValue={query.number} />
        </div>
        <button type="submit" className="btn">{t('invoices.filter')}</button>
        <Link href="/invoices" className="btn">{t('invoices.clear')}</Link>
      </Form>
      {rows.length === 0 ? (
        <div className="card empty" data-testid="invoices-empty">
          <p><strong>{t('invoices.empty')}</strong></p>
          <p>{t('invoices.emptyHint')}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('invoices.number')}</th>
                <th scope="col">{t('invoices.issueDate')}</th>
                <th scope="col">{t('invoices.buyer')}</th>
                <th scope="col" className="num">{t('invoices.net')}</th>
                <th scope="col" className="num">{t('invoices.gross')}</th>
                <th scope="col">{t('invoices.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td><Link href={`/invoices/${r.id}`} prefetch={false}>{r.number ?? t('invoiceStatus.DRAFT')}</Link>{r.kind !== 'VAT' && <span className="muted"> · {t(`invoiceKind.${r.kind}`)}</span>}</td>
                  <td>{formatDate(r.issueDate, locale)}</td>
                  <td>{r.buyerName}</td>
                  <td className="num">{formatMoney(r.totalNet, r.currency, locale)}</td>
                  <td className="num">{formatMoney(r.totalGross, r.currency, locale)}</td>
                  <td><span className={`badge badge-${r.status}`}>{t(`invoiceStatus.${r.status}`)}</span></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/invoices" query={query} page={query.page} pages={pages} morePages={totalIsCapped} hasNext={hasNextPage} t={t} summary={t('invoices.total', { count: totalIsCapped ? `${formatCount(total, locale)}+` : total })} />
    </>
  );
}
