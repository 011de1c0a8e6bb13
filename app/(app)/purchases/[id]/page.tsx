import Link from 'next/link';
import { notFound as nextNotFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate, formatDateTime, formatMoney, formatNip } from '@/lib/i18n/format';
import { AppError } from '@/lib/server/errors';
import { getPurchase } from '@/lib/server/purchases/get-purchase';
import { invoiceSections } from '@/lib/server/purchases/invoice-sections';
import { MarkButton } from '../_components/mark-button';
import { markPurchaseAction } from '../actions';
import { PurchaseSections } from './_components/purchase-sections';

export const dynamic = 'force-dynamic';

/** A received invoice: what the register knows of it and its actions, then its FA(3) content in words. */
export default async function PurchasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ linesPage?: string }> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const { id } = await params;
  let p;
  try {
    p = await getPurchase(actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') nextNotFound();
    throw e;
  }
  const linesPage = Number((await searchParams).linesPage ?? 1);
  const sections = p.invoice ? invoiceSections(p.invoice, { linesPage, locale }) : [];
  const marked = (m: { by: string; at: string } | null) => (m ? t('purchases.markedBy', { who: m.by, when: formatDateTime(new Date(m.at), locale) }) : t('purchases.no'));
  return (
    <>
      <p className="inv-back">
        <Link href="/purchases">← {t('purchases.back')}</Link>
      </p>
      <div className="page-head">
        <h1 data-testid="purchase-number">{t('invoicePage.title', { number: p.invoiceNumber })}</h1>
        <span className="badge inv-status">{t(`purchases.type.${p.invoiceType}`)}</span>
      </div>
      <section className="card inv-section pur-section" aria-labelledby="pur-summary">
        <h2 id="pur-summary">{t('purchases.page.summary')}</h2>
        <dl className="inv-dl pur-dl">
          <div className="pur-pair">
            <dt>{t('purchases.ksefNumber')}</dt>
            <dd className="mono" data-testid="purchase-ksef-number">
              {p.ksefNumber}
            </dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.page.seller')}</dt>
            <dd>
              {p.sellerName}
              <span className="muted">
                {' · '}
                <span className="nowrap">NIP {formatNip(p.sellerNip)}</span>
              </span>
            </dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.page.issueDate')}</dt>
            <dd>{formatDate(p.issueDate, locale)}</dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.receivedAt')}</dt>
            <dd>{formatDateTime(new Date(p.permanentStorageDate), locale)}</dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.page.gross')}</dt>
            <dd>
              <strong>{formatMoney(p.totalGross, p.currency, locale)}</strong>
            </dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.page.role')}</dt>
            <dd>{p.roles.map((r) => t(`purchases.roles.${r}`)).join(', ')}</dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.paid')}</dt>
            <dd data-testid="mark-paid">{marked(p.paid)}</dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.booked')}</dt>
            <dd data-testid="mark-booked">{marked(p.booked)}</dd>
          </div>
          <div className="pur-pair">
            <dt>{t('purchases.hash')}</dt>
            <dd>
              <code className="mono">{p.xmlSha256}</code> <span className="muted nowrap">{t('purchases.size', { bytes: p.xmlSize })}</span>
            </dd>
          </div>
        </dl>
        <div className="pur-actions" role="group" aria-label={t('purchases.page.actions')}>
          <a className="btn" href={`/api/purchases/${p.id}/xml`} download>
            {t('purchases.downloadXml')}
          </a>
          {p.invoice && (
            <a className="btn" href={`/api/purchases/${p.id}/pdf`} download>
              {t('purchases.downloadPdf')}
            </a>
          )}
          {p.canMark && (
            <>
              <MarkButton id={p.id} mark="paid" on={!!p.paid} action={markPurchaseAction} />
              <MarkButton id={p.id} mark="booked" on={!!p.booked} action={markPurchaseAction} />
            </>
          )}
        </div>
      </section>
      {p.parseError && (
        <div className="alert alert-warn" role="alert">
          {t('purchases.parseError', { error: p.parseError })}
        </div>
      )}
      <PurchaseSections sections={sections} t={t} locale={locale} id={p.id} />
    </>
  );
}
