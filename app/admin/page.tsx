import Form from 'next/form';
import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate, formatDateTime, formatNip } from '@/lib/i18n/format';
import { listAllTenants } from '@/lib/server/admin/list-tenants';
import { setOwnCertificateAllowedAction, verifyNipAction } from './actions';
import { OwnCertificateToggle, VerifyNipForm } from './toggle-form';
import { Pager } from '@/components/shell/pager';

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ q?: string; page?: string }> }) {
  const user = await requireUser();
  if (!user.isPlatformAdmin) notFound();
  const { t, locale } = await getT();
  const sp = await searchParams;
  const list = await listAllTenants(user.id, { q: sp.q, page: sp.page });
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <h2>{t('admin.tenants')}</h2>
      <Form action="/admin" className="row" role="search">
        <label htmlFor="q" className="inv-sr-only">
          {t('adminTenants.search')}
        </label>
        <input id="q" name="q" defaultValue={list.q} placeholder={t('adminTenants.search')} />
        <button type="submit" className="btn">
          {t('adminTenants.searchButton')}
        </button>
      </Form>
      <div className="table-wrap">
        <table className="data" data-testid="admin-tenants">
          <thead>
            <tr>
              <th scope="col">{t('auth.companyName')}</th>
              <th scope="col">NIP</th>
              <th scope="col">{t('adminTenants.nipProof')}</th>
              <th scope="col" className="num">
                {t('admin.members')}
              </th>
              <th scope="col">{t('settings.ksefAccessMode')}</th>
              <th scope="col">{t('adminTenants.lastCheck')}</th>
              <th scope="col">{t('adminTenants.certificateExpiry')}</th>
              <th scope="col">{t('admin.ownCertificate')}</th>
            </tr>
          </thead>
          <tbody>
            {list.rows.map((tn) => (
              <tr key={tn.id} data-nip={tn.nip}>
                <td>{tn.name}</td>
                <td className="mono nip-cell">{formatNip(tn.nip)}</td>
                <td data-testid="nip-proof">{tn.nipVerifiedAt ? formatDate(tn.nipVerifiedAt, locale) : <VerifyNipForm action={verifyNipAction} tenantId={tn.id} />}</td>
                <td className="num">{tn._count.memberships}</td>
                <td data-testid="access-mode">{t(`settings.accessModes.${tn.ksefAccessMode}`)}</td>
                <td>
                  {tn.lastCheck ? (
                    <span title={formatDateTime(tn.lastCheck.checkedAt, locale)} data-outcome={tn.lastCheck.outcome}>
                      {t(`ksef.outcome.${tn.lastCheck.outcome}`)}
                    </span>
                  ) : (
                    t('adminTenants.never')
                  )}
                </td>
                <td>{tn.certificateNotAfter ? formatDate(tn.certificateNotAfter, locale) : '—'}</td>
                <td>
                  <OwnCertificateToggle action={setOwnCertificateAllowedAction} tenantId={tn.id} allowed={tn.ownCertificateAllowed} label={t('admin.ownCertificate')} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {list.rows.length === 0 && <p className="muted">{t('adminTenants.noResults')}</p>}
      <Pager path="/admin" query={{ q: list.q }} page={list.page} pages={list.pages} t={t} summary={t('adminTenants.total', { count: list.total })} />
    </>
  );
}
