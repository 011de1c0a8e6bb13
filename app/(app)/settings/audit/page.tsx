import { notFound } from 'next/navigation';
import Form from 'next/form';
import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { describeAuditEvent, type AuditEventView } from '@/lib/server/audit/describe-audit-event';
import { AUDIT_CATEGORY_NAMES } from '@/lib/server/audit/actions';
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
  const filtered = Boolean(q.category || q.action || q.result || q.from || q.to);
  const pages = Math.max(1, Math.ceil(log.total / log.pageSize));
  const events = log.rows.map((r) => describeAuditEvent(t, locale, r));
  const labels = { when: t('auditLog.columns.when'), who: t('auditLog.columns.who'), what: t('auditLog.columns.what'), result: t('auditLog.columns.result') };
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <SettingsTabs current="audit" t={t} showAudit />
      <h2>{t('settingsTabs.audit')}</h2>
      <p className="muted">{t('auditLog.intro')}</p>
      <Form action="/settings/audit" className="filters" role="search">
        <div className="field">
          <label htmlFor="a-category">{t('auditLog.filter.category')}</label>
          <select id="a-category" name="category" defaultValue={q.category ?? ''}>
            <option value="">{t('auditLog.filter.all')}</option>
            {AUDIT_CATEGORY_NAMES.map((c) => (
              <option key={c} value={c}>
                {t(`auditLog.categories.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="a-from">{t('auditLog.filter.from')}</label>
          <input id="a-from" name="from" type="date" defaultValue={q.from} />
        </div>
        <div className="field">
          <label htmlFor="a-to">{t('auditLog.filter.to')}</label>
          <input id="a-to" name="to" type="date" defaultValue={q.to} />
        </div>
        <div className="actions">
          <button className="btn" type="submit">
            {t('auditLog.filter.submit')}
          </button>
          <Link className="btn" href="/settings/audit">
            {t('auditLog.filter.clear')}
          </Link>
        </div>
      </Form>
      {events.length === 0 ? (
        <div className="card empty">{t(filtered ? 'auditLog.noneMatch' : 'auditLog.empty')}</div>
      ) : (
        <table className="data stack-on-phone audit-log" data-testid="audit-log">
          <thead>
            <tr>
              <th scope="col">{t('auditLog.columns.when')}</th>
              <th scope="col">{t('auditLog.columns.who')}</th>
              <th scope="col">{t('auditLog.columns.what')}</th>
              <th scope="col">{t('auditLog.columns.result')}</th>
            </tr>
          </thead>
          <tbody>
            {events.map((e) => (
              <AuditRow key={e.id} event={e} systemHint={t('auditLog.who.systemHint')} labels={labels} />
            ))}
          </tbody>
        </table>
      )}
      <Pager path="/settings/audit" query={q} page={q.page} pages={pages} t={t} summary={t('auditLog.total', { count: log.total })} />
    </>
  );
}

function AuditRow({ event: e, systemHint, labels }: { event: AuditEventView; systemHint: string; labels: Record<'when' | 'who' | 'what' | 'result', string> }) {
  return (
    <tr data-testid="audit-event">
      <td className="audit-when" data-label={labels.when}>
        <time dateTime={e.at}>{e.when}</time>
      </td>
      <td className="audit-who" data-label={labels.who}>
        {e.who}
        {e.whoKind === 'system' && <span className="muted"> ({systemHint})</span>}
      </td>
      <td className="audit-what" data-label={labels.what}>
        <strong>{e.title}</strong>
        {e.details.length > 0 && (
          <dl className="audit-details">
            {e.details.map((d) => (
              <div key={d.label}>
                <dt>{d.label}</dt>
                <dd className={d.mono ? 'mono' : undefined}>{d.href ? <Link href={d.href}>{d.value}</Link> : d.value}</dd>
              </div>
            ))}
          </dl>
        )}
      </td>
      <td className="audit-result" data-label={labels.result}>
        <span className={`badge tone-${e.result.tone}`}>{e.result.label}</span>
      </td>
    </tr>
  );
}
