import { notFound } from 'next/navigation';
import Form from 'next/form';
import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { AppError } from '@/lib/server/errors';
import { SettingsTabs } from '@/components/settings/tabs';
import { Pager } from '@/components/shell/pager';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string>> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const log = await listAuditEvents(actor, await searchParams).catch((e) => {
    if (e instanceof AppError && e.code === 'FORBIDDEN') notFound();
    throw e;
  });
  const q = log.query;
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="audit" t={t} showAudit />
      <h2>{t('audit.title')}</h2>
      <p className="muted">{t('audit.intro')}</p>
      <Form action="/settings/audit" className="filters" role="search">
        <div className="field">
          <label htmlFor="a-action">{t('audit.action')}</label>
          <select id="a-action" name="action" defaultValue={q.action ?? ''}>
            <option value="">{t('invoices.all')}</option>
            <option value="ksef.">KSeF</option>
            <option value="ksef.permissions">{t('ksef.check')}</option>
            <option value="ksef.session">ksef.session</option>
            <option value="ksef.invoice">ksef.invoice</option>
            <option value="invoice.">{t('nav.invoices')}</option>
            <option value="admin.">Admin</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-from">{t('invoices.from')}</label>
          <input id="a-from" name="from" type="date" defaultValue={q.from} />
        </div>
        <div className="field">
          <label htmlFor="a-to">{t('invoices.to')}</label>
          <input id="a-to" name="to" type="date" defaultValue={q.to} />
        </div>
        <button className="btn" type="submit">{t('invoices.filter')}</button>
        <Link className="btn" href="/settings/audit">{t('invoices.clear')}</Link>
      </Form>
      {log.rows.length === 0 ? (
        <div className="card empty">{t('audit.empty')}</div>
      ) : (
        <div className="table-wrap">
          <table className="data" data-testid="audit-log">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.who')}</th>
                <th scope="col">{t('audit.what')}</th>
                <th scope="col">{t('audit.result')}</th>
                <th scope="col">{t('audit.reference')}</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((r) => (
                <tr key={r.id}>
                  <td>{formatDateTime(r.createdAt, locale)}</td>
                  <td>{r.actor ?? <span className="muted">{t('audit.system')}</span>}</td>
                  <td className="mono">{r.action}</td>
                  <td>{r.result}</td>
                  <td className="mono">{r.ksefReference ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager path="/settings/audit" query={q} page={q.page} pages={pages} t={t} summary={t('invoices.total', { count: log.total })} />
    </>
  );
}
