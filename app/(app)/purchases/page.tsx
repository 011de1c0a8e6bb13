import Form from 'next/form';
import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatCount, formatDate, formatMoney, formatNip } from '@/lib/i18n/format';
import { listPurchases } from '@/lib/server/purchases/list-purchases';
import { getPurchaseSyncStatus } from '@/lib/server/purchases/request-sync';
import { MISSING_INVOICE_READ } from '@/lib/server/purchases/sync-purchases';
import { providerNip } from '@/lib/server/ksef/gateway';
import { Pager } from '@/components/shell/pager';
import { SyncPanel } from './_components/sync-panel';
import { requestSyncAction } from './actions';

export const dynamic = 'force-dynamic';

export default async function PurchasesPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const [{ rows, total, totalIsCapped, pages, hasNextPage, query }, sync] = await Promise.all([listPurchases(actor, await searchParams), getPurchaseSyncStatus(actor)]);
  const paused = sync.run?.status === 'PAUSED' && sync.run.errorCode === MISSING_INVOICE_READ;
  const nip = providerNip() ?? '—';
  return (
    <>
      <div className="page-head">
        <h1>{t('purchases.title')}</h1>
      </div>
      {!sync.nipVerified && (
        <div className="alert alert-warn" role="alert" data-testid="nip-unverified">
          {t('purchases.nipUnverified')} <Link href="/settings/ksef">{t('ksef.dashboardLink')}</Link>
        </div>
      )}
      {paused && (
        <div className="alert alert-warn" role="alert" data-testid="sync-paused">
          <p>
            <strong>{t('purchases.pausedTitle', { perm: t('ksef.perm.InvoiceRead') })}</strong>
          </p>
          <p>{t('purchases.pausedWhat')}</p>
          <ol>
            <li>{t('ksefApp.step1')}</li>
            <li>{t('ksef.step2')}</li>
            <li>{t('ksef.step3', { nip })}</li>
            <li>{t('ksef.step4')}</li>
          </ol>
          <p>
            {t('purchases.pausedAfter')} <Link href="/settings/ksef">{t('ksef.dashboardLink')}</Link>
          </p>
        </div>
      )}
      <SyncPanel initial={sync} action={requestSyncAction} />
      <Form action="/purchases" className="filters" role="search">
        <div className="field">
          <label htmlFor="f-from">{t('purchases.from')}</label>
          <input id="f-from" name="from" type="date" defaultValue={query.from} />
        </div>
        <div className="field">
          <label htmlFor="f-to">{t('purchases.to')}</label>
          <input id="f-to" name="to" type="date" defaultValue={query.to} />
        </div>
        <div className="field">
          <label htmlFor="f-seller">{t('purchases.seller')}</label>
          <input id="f-seller" name="seller" defaultValue={query.seller} />
        </div>
        <div className="field">
          <label htmlFor="f-role">{t('purchases.role')}</label>
          <select id="f-role" name="role" defaultValue={query.role ?? ''}>
            <option value="">{t('purchases.all')}</option>
            {(['BUYER', 'THIRD_PARTY', 'AUTHORIZED'] as const).map((r) => (
              <option key={r} value={r}>
                {t(`purchases.roles.${r}`)}
              </option>
            ))}
          </select>
        </div>
        {(['paid', 'booked'] as const).map((m) => (
          <div className="field" key={m}>
            <label htmlFor={`f-${m}`}>{t(`purchases.${m}`)}</label>
            <select id={`f-${m}`} name={m} defaultValue={query[m] ?? ''}>
              <option value="">{t('purchases.all')}</option>
              <option value="yes">{t('purchases.yes')}</option>
              <option value="no">{t('purchases.no')}</option>
            </select>
          </div>
        ))}
        <div className="field">
          <label htmlFor="f-sort">{t('purchases.sort')}</label>
          <select id="f-sort" name="sort" defaultValue={query.sort}>
            {(['issueDate', 'sellerName', 'totalGross', 'permanentStorageDate'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`purchases.sortBy.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-dir">&nbsp;</label>
          <select id="f-dir" name="dir" defaultValue={query.dir} aria-label={t('purchases.sort')}>
            <option value="desc">{t('purchases.dir.desc')}</option>
            <option value="asc">{t('purchases.dir.asc')}</option>
          </select>
        </div>
        <button type="submit" className="btn">
          {t('purchases.filter')}
        </button>
        <Link href="/purchases" className="btn">
          {t('purchases.clear')}
        </Link>
      </Form>
      {rows.length === 0 ? (
        <div className="card empty" data-testid="purchases-empty">
          <p>
            <strong>{t('purchases.empty')}</strong>
          </p>
          <p>{t('purchases.emptyHint')}</p>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="purchases-table">
            <thead>
              <tr>
                <th scope="col">{t('purchases.number')}</th>
                <th scope="col">{t('purchases.issueDate')}</th>
                <th scope="col">{t('purchases.seller')}</th>
                <th scope="col" className="num">
                  {t('purchases.net')}
                </th>
                <th scope="col" className="num">
                  {t('purchases.gross')}
                </th>
                <th scope="col">{t('purchases.role')}</th>
                <th scope="col">{t('purchases.marks')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/purchases/${r.id}`}>{r.invoiceNumber}</Link>
                    {r.invoiceType !== 'Vat' && <span className="muted"> · {t(`purchases.type.${r.invoiceType}`)}</span>}
                    <div className="muted small">{r.ksefNumber}</div>
                  </td>
                  <td>{formatDate(r.issueDate, locale)}</td>
                  <td>
                    {r.sellerName}
                    <div className="muted small">{formatNip(r.sellerNip)}</div>
                  </td>
                  <td className="num">{formatMoney(r.totalNet, r.currency, locale)}</td>
                  <td className="num">{formatMoney(r.totalGross, r.currency, locale)}</td>
                  <td>{r.roles.map((x) => t(`purchases.roles.${x}`)).join(', ')}</td>
                  <td>
                    {r.paid && <span className="badge badge-ACCEPTED">{t('purchases.paid')}</span>} {r.booked && <span className="badge badge-ISSUED">{t('purchases.booked')}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        path="/purchases"
        query={query}
        page={query.page}
        pages={pages}
        morePages={totalIsCapped}
        hasNext={hasNextPage}
        t={t}
        summary={t('purchases.total', { count: totalIsCapped ? `${formatCount(total, locale)}+` : total })}
      />
    </>
  );
}
