import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import { formatDate, formatDateTime, formatMoney, formatNip } from '@/lib/i18n/format';
import { AppError } from '@/lib/server/errors';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { StatusTimeline } from '@/components/invoices/status-timeline';
import { LiveStatus } from '@/components/invoices/live-status';
import { SendInvoiceButton } from '@/components/invoices/send-invoice-button';
import { TotalsTable } from '@/components/invoices/totals-table';
import { InvoiceLines } from '@/components/invoices/invoice-lines';
import { timelineSteps } from '@/components/invoices/timeline';
import { initialFormState, liveTotals, totalsViewOf } from '@/components/invoices/form-state';
import { lineRowsOf } from '@/components/invoices/page-helpers';
import { retryUpoAction, sendInvoiceAction } from '../actions';

const orNotFound = (e: unknown): never => {
  if (e instanceof AppError && e.code === 'NOT_FOUND') notFound();
  throw e;
};

export default async function InvoicePage({ params }: { params: Promise<{ id: string }> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const { id } = await params;
  const inv = await getInvoice(actor, id).catch(orNotFound);
  const steps = timelineSteps(inv.status, inv.events, inv.ksefAcquisitionDate);
  const form = inv.form;
  const priceMode = form?.priceMode ?? 'net';
  // Issued: the FA(3) totals as stored. Draft: computed from its form (a correction draft's difference needs the
  // corrected invoice's lines, so only the stored sums are shown for it).
  const totals = inv.fa3 ? totalsViewOf(inv.fa3.totals) : form && inv.kind !== 'KOR' ? liveTotals(initialFormState(form, inv.issueDate)) : undefined;
  const rows = lineRowsOf(inv.fa3, form);
  const isDraft = inv.status === 'DRAFT';
  const title = inv.number ? t('invoicePage.title', { number: inv.number }) : t('invoicePage.titleDraft');
  const dash = '—';

  return (
    <>
      <p className="inv-back">
        <Link href="/invoices">← {t('invoicePage.backToList')}</Link>
      </p>
      <div className="page-head">
        <h1>
          {title}
          {inv.kind !== 'VAT' && <span className="muted inv-kind"> · {t(`invoiceKind.${inv.kind}`)}</span>}
        </h1>
        <span className={`badge badge-${inv.status} inv-status`} data-testid="invoice-status">
          {t(`invoiceStatus.${inv.status}`)}
        </span>
      </div>

      <StatusAlert inv={inv} t={t} />

      {inv.canEdit && (
        <section className="inv-toolbar" aria-label={t('invoicePage.actions')}>
          {isDraft && (
            <Link href={`/invoices/${inv.id}/edit`} className="btn btn-primary">
              {t('invoicePage.edit')}
            </Link>
          )}
          {inv.status === 'ISSUED' && <SendInvoiceButton invoiceId={inv.id} action={sendInvoiceAction} />}
          {inv.status === 'ACCEPTED' && (
            <form action="/invoices/new" method="get" className="inv-inline-form">
              <input type="hidden" name="from" value={inv.id} />
              <input type="hidden" name="mode" value="correction" />
              <button type="submit" className="btn">{t('invoicePage.correction')}</button>
            </form>
          )}
          {form && (
            <form action="/invoices/new" method="get" className="inv-inline-form">
              <input type="hidden" name="from" value={inv.id} />
              <input type="hidden" name="mode" value="duplicate" />
              <button type="submit" className="btn">{t('invoicePage.duplicate')}</button>
            </form>
          )}
        </section>
      )}

      <div className="inv-grid">
        <section className="card inv-section" aria-labelledby="inv-details">
          <h2 id="inv-details">{t('invoicePage.details')}</h2>
          <dl className="inv-dl">
            <dt>{t('invoicePage.number')}</dt>
            <dd>{inv.number ?? dash}</dd>
            <dt>{t('invoicePage.kind')}</dt>
            <dd>{t(`invoiceKind.${inv.kind}`)}</dd>
            <dt>{t('invoicePage.issueDate')}</dt>
            <dd>{formatDate(inv.issueDate, locale)}</dd>
            {form?.saleDate && (
              <>
                <dt>{t('invoicePage.saleDate')}</dt>
                <dd>{formatDate(form.saleDate, locale)}</dd>
              </>
            )}
            <dt>{t('invoicePage.buyer')}</dt>
            <dd>
              {inv.buyerName}
              {inv.buyerNip && <span className="muted"> · {t('invoicePage.nip')} {formatNip(inv.buyerNip)}</span>}
            </dd>
            <dt>{t('invoicePage.currency')}</dt>
            <dd>{inv.currency}</dd>
            {form?.dueDate && (
              <>
                <dt>{t('invoicePage.dueDate')}</dt>
                <dd>{formatDate(form.dueDate, locale)}</dd>
              </>
            )}
            {form?.paymentMethod && (
              <>
                <dt>{t('invoicePage.paymentMethod')}</dt>
                <dd>{t(`invoiceForm.paymentMethods.${form.paymentMethod}`)}</dd>
              </>
            )}
            {form?.bankAccount && (
              <>
                <dt>{t('invoicePage.bankAccount')}</dt>
                <dd className="mono">{form.bankAccount}</dd>
              </>
            )}
            <dt>{t('invoicePage.ksefNumber')}</dt>
            <dd>{inv.ksefNumber ? <span className="mono" data-testid="ksef-number">{inv.ksefNumber}</span> : dash}</dd>
            {inv.ksefAcquisitionDate && (
              <>
                <dt>{t('invoicePage.ksefDate')}</dt>
                <dd>{formatDateTime(inv.ksefAcquisitionDate, locale)}</dd>
              </>
            )}
            {inv.submission?.referenceNumber && (
              <>
                <dt>{t('invoicePage.submissionRef')}</dt>
                <dd className="mono">{inv.submission.referenceNumber}</dd>
              </>
            )}
            {inv.correctedInvoice && (
              <>
                <dt>{t('invoicePage.correctionOfLabel')}</dt>
                <dd>
                  <Link href={`/invoices/${inv.correctedInvoice.id}`}>{inv.correctedInvoice.number ?? inv.correctedInvoice.id}</Link>
                  {inv.correctedInvoice.ksefNumber && <span className="muted mono"> · {inv.correctedInvoice.ksefNumber}</span>}
                </dd>
              </>
            )}
            {inv.corrections.length > 0 && (
              <>
                <dt>{t('invoicePage.correctionsLabel')}</dt>
                <dd>
                  <ul className="inv-plain-list">
                    {inv.corrections.map((c) => (
                      <li key={c.id}>
                        <Link href={`/invoices/${c.id}`}>{c.number ?? t('invoiceStatus.DRAFT')}</Link> <span className={`badge badge-${c.status}`}>{t(`invoiceStatus.${c.status}`)}</span>
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
          </dl>
          {inv.upoState && (
            <div className={`alert ${inv.upoState === 'MISSING' ? 'alert-warn' : 'alert-info'}`} role="status" data-testid="upo-state" data-state={inv.upoState}>
              <p>{inv.upoState === 'MISSING' ? t('invoicePage.upoMissing', { attempts: inv.upoAttempts }) : t('invoicePage.upoWaiting')}</p>
              {inv.upoState === 'MISSING' && inv.canEdit && <SendInvoiceButton invoiceId={inv.id} action={retryUpoAction} label="invoicePage.upoRetry" />}
            </div>
          )}
          {(inv.hasXml || inv.hasUpo) && (
            <div className="inv-downloads" role="group" aria-label={t('invoicePage.downloads')}>
              {inv.hasXml && (
                <a className="btn btn-small" href={`/api/invoices/${inv.id}/xml`} download>
                  {t('invoicePage.downloadXml')}
                </a>
              )}
              {inv.hasUpo && (
                <a className="btn btn-small" href={`/api/invoices/${inv.id}/upo`} download>
                  {t('invoicePage.downloadUpo')}
                </a>
              )}
              {inv.hasXml && (
                <a className="btn btn-small" href={`/api/invoices/${inv.id}/pdf`} download>
                  {t('invoicePage.downloadPdf')}
                </a>
              )}
            </div>
          )}
        </section>

        <section className="card inv-section" aria-labelledby="inv-timeline">
          <h2 id="inv-timeline">{t('invoicePage.timeline')}</h2>
          <StatusTimeline steps={steps} ksefNumber={inv.ksefNumber} reason={inv.statusReason} />
          <LiveStatus invoiceId={inv.id} status={inv.status} updatedAt={inv.updatedAt.toISOString()} />
        </section>
      </div>

      <section className="card inv-section" aria-labelledby="inv-lines">
        <h2 id="inv-lines">{t('invoicePage.lines')}</h2>
        <InvoiceLines rows={rows} priceMode={priceMode} />
      </section>

      <section className="card inv-section" aria-labelledby="inv-totals">
        <h2 id="inv-totals">{t('invoicePage.totals')}</h2>
        {totals ? (
          <TotalsTable view={totals} currency={inv.currency} correction={inv.kind === 'KOR'} />
        ) : (
          <dl className="inv-dl">
            <dt>{t('invoiceForm.totalsNet')}</dt>
            <dd>{formatMoney(inv.totalNet, inv.currency, locale)}</dd>
            <dt>{t('invoiceForm.totalsVat')}</dt>
            <dd>{formatMoney(inv.totalVat, inv.currency, locale)}</dd>
            <dt>{t('invoiceForm.totalsGross')}</dt>
            <dd>
              <strong>{formatMoney(inv.totalGross, inv.currency, locale)}</strong>
            </dd>
          </dl>
        )}
      </section>
    </>
  );
}

type Inv = Awaited<ReturnType<typeof getInvoice>>;

/** One message per status saying what happens next, in plain words. */
function StatusAlert({ inv, t }: { inv: Inv; t: (key: string, params?: Record<string, string | number>) => string }) {
  switch (inv.status) {
    case 'DRAFT':
      return <div className="alert alert-info">{t('invoicePage.draftInfo')}</div>;
    case 'ISSUED':
      return <div className="alert alert-info">{t('invoicePage.issuedInfo')}</div>;
    case 'QUEUED':
      return <div className="alert alert-info">{t('invoicePage.queuedInfo')}</div>;
    case 'SENDING':
      return <div className="alert alert-info">{t('invoicePage.sendingInfo')}</div>;
    case 'WAITING_FOR_PERMISSION':
      return (
        <div className="alert alert-warn" role="alert" data-testid="waiting-for-permission">
          <strong>{t('invoicePage.waitingTitle')}</strong>
          <p>{inv.statusReason ?? t('invoicePage.waitingBody')}</p>
          <Link href="/settings/ksef">{t('invoicePage.waitingLink')}</Link>
        </div>
      );
    case 'ACCEPTED':
      return <div className="alert alert-ok">{t('invoicePage.acceptedAlert')}</div>;
    case 'REJECTED':
      return (
        <div className="alert alert-error" role="alert" data-testid="rejected-reason">
          <strong>{t('invoicePage.rejectedAlert')}</strong>
          {inv.statusReason && <p>{inv.statusReason}</p>}
          {inv.submission?.errorCode && <p className="muted">{t('invoicePage.rejectedCode', { code: inv.submission.errorCode })}</p>}
          <p>{t('invoicePage.rejectedHint')}</p>
        </div>
      );
    default:
      return null;
  }
}
