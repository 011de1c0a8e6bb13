import { formatDate, formatDateTime } from '@/lib/i18n/format';
import type { Locale, Translate } from '@/lib/i18n';
import type { PermissionCheckResult } from '@/lib/server/ksef-access/check-permissions';

const NEEDED = ['InvoiceWrite', 'InvoiceRead'] as const;

/** The result of the last live check: one row per permission we need, and what a missing one disables. */
export function PermissionTable({ check, t, locale }: { check: PermissionCheckResult | null; t: Translate; locale: Locale }) {
  if (!check) return <p className="muted">{t('ksef.neverChecked')}</p>;
  const tone =
    check.outcome === 'OK' ? 'ok' : check.outcome === 'MISSING' || check.outcome === 'NO_ACCESS' || check.outcome === 'UNKNOWN_CONTEXT' || check.outcome === 'NIP_UNVERIFIED' ? 'warn' : 'error';
  return (
    <div data-testid="permission-check">
      <div className={`alert alert-${tone}`} role="status" data-outcome={check.outcome}>
        {t(`ksef.outcome.${check.outcome}`)}
      </div>
      <p className="muted">{t('ksef.lastCheck', { when: formatDateTime(new Date(check.checkedAt), locale) })}</p>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('ksef.permission')}</th>
              <th scope="col">{t('ksef.state')}</th>
              <th scope="col">{t('ksef.since')}</th>
              <th scope="col">{t('ksef.enables')}</th>
            </tr>
          </thead>
          <tbody>
            {NEEDED.map((p) => {
              const row = check.rows.find((r) => r.permission === p);
              const granted = Boolean(row?.granted);
              return (
                <tr key={p} data-permission={p} data-granted={granted}>
                  <td>{t(`ksef.perm.${p}`)}</td>
                  <td>
                    <span className={granted ? 'badge badge-ACCEPTED' : 'badge badge-REJECTED'}>{granted ? t('ksef.granted') : t('ksef.missing')}</span>
                  </td>
                  <td>
                    {row?.since ? formatDate(row.since, locale) : '—'}
                    {row?.description ? <div className="muted">{row.description}</div> : null}
                  </td>
                  <td>{t(`ksef.disables.${p}`)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
