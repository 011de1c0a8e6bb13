import Link from 'next/link';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatNip } from '@/lib/i18n/format';
import { listContractors } from '@/lib/server/contractors/list-contractors';
import { DeleteContractorButton } from '@/components/contractors/delete-contractor-button';
import { deleteContractorAction } from '../actions';

export default async function ContractorsPage({ searchParams }: { searchParams: Promise<{ q?: string }> }) {
  const { actor } = await requireActor();
  const { t } = await getT();
  const { q } = await searchParams;
  const rows = await listContractors(actor, { query: q });
  return (
    <>
      <div className="page-head">
        <h1>{t('contractors.title')}</h1>
        <Link href="/contractors/new" className="btn btn-primary">
          {t('contractors.add')}
        </Link>
      </div>
      {rows.length === 0 ? (
        <div className="card empty">{t('contractors.empty')}</div>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">{t('contractors.name')}</th>
                <th scope="col">{t('contractors.nip')}</th>
                <th scope="col">{t('contractors.kind')}</th>
                <th scope="col" className="num">
                  {t('contractors.invoices')}
                </th>
                <th scope="col">
                  <span className="skip-link">{t('contractors.edit')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <tr key={c.id}>
                  <td>
                    {c.name}
                    <div className="muted">{[c.addressLine1, c.addressLine2].filter(Boolean).join(', ')}</div>
                  </td>
                  <td className="mono">{c.nip ? formatNip(c.nip) : c.euVatId ? `${c.countryCode}${c.euVatId}` : (c.taxId ?? '—')}</td>
                  <td>{t(`contractors.kinds.${c.kind}`)}</td>
                  <td className="num">{c._count.invoices}</td>
                  <td className="row">
                    <Link href={`/contractors/${c.id}`} className="btn btn-small">
                      {t('contractors.edit')}
                    </Link>
                    {c._count.invoices === 0 && <DeleteContractorButton id={c.id} action={deleteContractorAction} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
