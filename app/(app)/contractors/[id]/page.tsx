import { notFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { getContractor } from '@/lib/server/contractors/list-contractors';
import { AppError } from '@/lib/server/errors';
import { ContractorForm } from '@/components/contractors/contractor-form';
import { saveContractorAction } from '../../actions';

export default async function EditContractorPage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireActor();
  const { t } = await getT();
  const { id } = await params;
  const contractor = await getContractor(actor, id).catch((e) => {
    if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
    throw e;
  });
  return (
    <>
      <h1>
        {t('contractors.edit')}: {contractor.name}
      </h1>
      <ContractorForm action={saveContractorAction} initial={contractor} />
    </>
  );
}
