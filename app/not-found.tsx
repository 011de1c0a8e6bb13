import Link from 'next/link';
import { getT } from '@/lib/i18n/server';

/** Also what another tenant's id leads to: "not found" and "not yours" look the same on purpose. */
export default async function NotFound() {
  const { t } = await getT();
  return (
    <div className="card empty" data-testid="not-found">
      <h1>{t('errors.notFound')}</h1>
      <p>
        <Link href="/invoices">{t('nav.invoices')}</Link>
      </p>
    </div>
  );
}
