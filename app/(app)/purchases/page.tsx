import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';

export default async function PurchasesPage() {
  await requireActor();
  const { t } = await getT();
  return (
    <>
      <h1>{t('purchases.title')}</h1>
      <div className="card empty">{t('purchases.empty')}</div>
    </>
  );
}
