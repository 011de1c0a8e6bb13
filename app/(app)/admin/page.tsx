import { notFound } from 'next/navigation';
import { requireUser } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatNip } from '@/lib/i18n/format';
import { listAllTenants } from '@/lib/server/admin/list-tenants';
import { setOwnCertificateAllowedAction } from '../actions';

export default async function AdminPage() {
  const user = await requireUser();
  if (!user.isPlatformAdmin) notFound();
  const { t } = await getT();
  const tenants = await listAllTenants(user.id);
  return (
    <>
      <h1>{t('admin.title')}</h1>
      <h2>{t('admin.tenants')}</h2>
      <div className="table-wrap">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('auth.companyName')}</th>
              <th scope="col">NIP</th>
              <th scope="col" className="num">{t('admin.members')}</th>
              <th scope="col">{t('settings.ksefAccessMode')}</th>
              <th scope="col">{t('admin.ownCertificate')}</th>
            </tr>
          </thead>
          <tbody>
            {tenants.map((tn) => (
              <tr key={tn.id}>
                <td>{tn.name}</td>
                <td className="mono">{formatNip(tn.nip)}</td>
                <td className="num">{tn._count.memberships}</td>
                <td>{t(`settings.accessModes.${tn.ksefAccessMode}`)}</td>
                <td>
                  <form action={setOwnCertificateAllowedAction} className="row">
                    <input type="hidden" name="tenantId" value={tn.id} />
                    <input type="hidden" name="allowed" value={tn.ownCertificateAllowed ? 'false' : 'true'} />
                    <span>{tn.ownCertificateAllowed ? '✔' : '—'}</span>
                    <button type="submit" className="btn btn-small">{tn.ownCertificateAllowed ? t('admin.disallow') : t('admin.allow')}</button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
