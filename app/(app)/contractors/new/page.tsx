import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { ContractorForm } from '@/components/contractors/contractor-form';
import { saveContractorAction } from '../../actions';

export default async function NewContractorPage() {
  await requireActor();
  const { t } = await getT();
  return (
    <>
      <h1>{t('contractors.add')}</h1>
      <ContractorForm action={saveContractorAction} />
    </>
  );
}
