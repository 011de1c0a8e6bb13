/** The sections of the invoice page (app/(app)/invoices/[id]/page.tsx), server-rendered from getInvoice. */
import Link from 'next/link';
import Decimal from 'decimal.js';
import { formatDate, formatDateTime, formatMoney, formatNip } from '@/lib/i18n/format';
import { formatBankAccount } from '@/lib/invoices/bank-account';
import { renderMessage, type Locale, type Translate } from '@/lib/i18n';
import type { getInvoice } from '@/lib/server/invoices/get-invoice';
import { StatusTimeline } from '@/components/invoices/status-timeline';
import { LiveStatus } from '@/components/invoices/live-status';
import { SendInvoiceButton } from '@/components/invoices/send-invoice-button';
import { TotalsTable } from '@/components/invoices/totals-table';
import { InvoiceLines } from '@/components/invoices/invoice-lines';
import { timelineSteps } from '@/components/invoices/timeline';
import { initialFormState, liveTotals, totalsViewOf } from '@/components/invoices/form-state';
import { lineRowsOf } from '@/components/invoices/page-helpers';
import { retryUpoAction, sendInvoiceAction } from '../../actions';

export type Inv = Awaited<ReturnType<typeof getInvoice>>;

interface SectionProps {
  inv: Inv;
  t: Translate;
  locale: Locale;
}

const DASH = '—';

/** Back link, title (number or "draft", kind unless plain VAT) and the status badge. */
export function InvoiceHeader({ inv, t }: Omit<SectionProps, 'locale'>) {
  const title = inv.number ? t('invoicePage.title', { number: inv.number }) : t('invoicePage.titleDraft');
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
    </>
  );
}

/** One message per status saying what happens next, in plain words. */
export function StatusAlert({ inv, t }: { inv: Inv; t: Translate }) {
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
          <p>{inv.statusReason ? renderMessage(t, inv.statusReason) : t('invoicePage.waitingBody')}</p>
          <Link href="/settings/ksef">{t('invoicePage.waitingLink')}</Link>
        </div>
      );
    case 'ACCEPTED':
      return <div className="alert alert-ok">{t('invoicePage.acceptedAlert')}</div>;
    case 'REJECTED':
      return (
        <div className="alert alert-error" role="alert" data-testid="rejected-reason">
          <strong>{t('invoicePage.rejectedAlert')}</strong>
          {inv.statusReason && <p>{renderMessage(t, inv.statusReason)}</p>}
          {inv.submission?.errorCode && <p className="muted">{t('invoicePage.rejectedCode', { code: inv.submission.errorCode })}</p>}
          <p>{t('invoicePage.rejectedHint')}</p>
        </div>
      );
    default:
      return null;
  }
}

/** What a member who may edit can do with the invoice in its status; viewers see none of it. */
export function InvoiceToolbar({ inv, t }: Omit<SectionProps, 'locale'>) {
  if (!inv.canEdit) return null;
  return (
    <section className="inv-toolbar" aria-label={t('invoicePage.actions')}>
      {inv.status === 'DRAFT' && (
        <Link href={`/invoices/${inv.id}/edit`} className="btn btn-primary">
          {t('invoicePage.edit')}
        </Link>
      )}
      {inv.status === 'ISSUED' && <SendInvoiceButton invoiceId={inv.id} action={sendInvoiceAction} />}
      {inv.status === 'ACCEPTED' && <NewFromThis inv={inv} mode="correction" label={t('invoicePage.correction')} />}
      {inv.form && <NewFromThis inv={inv} mode="duplicate" label={t('invoicePage.duplicate')} />}
    </section>
  );
}

/** A GET form to /invoices/new prefilled from this invoice. */
function NewFromThis({ inv, mode, label }: { inv: Inv; mode: 'correction' | 'duplicate'; label: string }) {
  return (
    <form action="/invoices/new" method="get" className="inv-inline-form">
      <input type="hidden" name="from" value={inv.id} />
      <input type="hidden" name="mode" value={mode} />
      <button type="submit" className="btn">
        {label}
      </button>
    </form>
  );
}

/** Dane faktury: the facts, then the UPO state and the downloads. */
export function DetailsSection({ inv, t, locale }: SectionProps) {
  return (
    <section className="card inv-section" aria-labelledby="inv-details">
      <h2 id="inv-details">{t('invoicePage.details')}</h2>
      <dl className="inv-dl">
        <InvoiceFacts inv={inv} t={t} locale={locale} />
        <KsefFacts inv={inv} t={t} locale={locale} />
        <CorrectionLinks inv={inv} t={t} />
      </dl>
      <UpoState inv={inv} t={t} />
      <Downloads inv={inv} t={t} />
    </section>
  );
}

/** A <dt>/<dd> pair shown only when there is a value. */
function Fact({ label, value, className }: { label: string; value: string | null | undefined; className?: string }) {
  if (!value) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={className}>{value}</dd>
    </>
  );
}

function InvoiceFacts({ inv, t, locale }: SectionProps) {
  const form = inv.form;
  return (
    <>
      <dt>{t('invoicePage.number')}</dt>
      <dd>{inv.number ?? DASH}</dd>
      <dt>{t('invoicePage.kind')}</dt>
      <dd>{t(`invoiceKind.${inv.kind}`)}</dd>
      <dt>{t('invoicePage.issueDate')}</dt>
      <dd>{formatDate(inv.issueDate, locale)}</dd>
      <Fact label={t('invoicePage.issuePlace')} value={form?.issuePlace} />
      <Fact label={t('invoicePage.saleDate')} value={form?.saleDate && formatDate(form.saleDate, locale)} />
      {inv.fa3 && (
        <>
          <dt>{t('invoicePage.seller')}</dt>
          <dd data-testid="invoice-seller">
            <Party name={inv.fa3.seller.name} nip={inv.fa3.seller.nip} address={inv.fa3.seller.address} t={t} />
          </dd>
        </>
      )}
      <dt>{t('invoicePage.buyer')}</dt>
      <dd data-testid="invoice-buyer">
        <Party name={inv.buyerName} nip={inv.buyerNip} address={inv.fa3?.buyer.address} t={t} />
      </dd>
      <dt>{t('invoicePage.currency')}</dt>
      <dd>{inv.currency}</dd>
      <Fact
        label={t('invoicePage.exchangeRate')}
        value={
          inv.currency !== 'PLN' && form?.exchangeRate
            ? t('invoicePage.exchangeRateValue', { currency: inv.currency, rate: locale === 'pl' ? form.exchangeRate.replace('.', ',') : form.exchangeRate })
            : undefined
        }
      />
      <Fact label={t('invoicePage.vatPln')} value={vatInPln(inv, locale)} />
      <Fact label={t('invoicePage.dueDate')} value={form?.dueDate && formatDate(form.dueDate, locale)} />
      <Fact label={t('invoicePage.paymentMethod')} value={form?.paymentMethod && t(`invoiceForm.paymentMethods.${form.paymentMethod}`)} />
      <Fact label={t('invoicePage.bankAccount')} value={form?.bankAccount && formatBankAccount(form.bankAccount)} />
      <Fact
        label={t('invoicePage.exemption')}
        value={form?.exemption && t('invoicePage.exemptionValue', { basis: t(`invoicePage.exemptionBases.${form.exemption.basis}`), text: form.exemption.text })}
      />
      <Fact label={t('invoicePage.markings')} value={[form?.splitPayment && t('invoicePage.splitPayment'), form?.reverseCharge && t('invoicePage.reverseCharge')].filter(Boolean).join(' · ')} />
      <Fact label={t('invoicePage.notes')} value={form?.notes} className="inv-notes" />
    </>
  );
}

/** A party of the invoice: name, NIP (never broken across lines) and its address as written on the invoice. */
function Party({ name, nip, address, t }: { name: string | null | undefined; nip: string | null | undefined; address?: { line1: string; line2?: string; country: string }; t: Translate }) {
  return (
    <>
      {name}
      {nip && (
        <span className="muted">
          {' · '}
          <span className="nowrap">
            {t('invoicePage.nip')} {formatNip(nip)}
          </span>
        </span>
      )}
      {address && (
        <>
          <br />
          {[address.line1, address.line2, address.country !== 'PL' ? address.country : null].filter(Boolean).join(', ')}
        </>
      )}
    </>
  );
}

/** P_14_xW: a foreign-currency invoice states its VAT in złoty too (art. 106e ust. 11 ustawy o VAT). */
function vatInPln(inv: Inv, locale: Locale): string | undefined {
  const parts = Object.values(inv.fa3?.totals.vatPln ?? {});
  if (inv.currency === 'PLN' || !parts.length) return undefined;
  return formatMoney(parts.reduce((sum, v) => sum.plus(v), new Decimal(0)).toFixed(2), 'PLN', locale);
}

function KsefFacts({ inv, t, locale }: SectionProps) {
  return (
    <>
      <dt>{t('invoicePage.ksefNumber')}</dt>
      <dd>
        {inv.ksefNumber ? (
          <span className="mono" data-testid="ksef-number">
            {inv.ksefNumber}
          </span>
        ) : (
          DASH
        )}
      </dd>
      <Fact label={t('invoicePage.ksefDate')} value={inv.ksefAcquisitionDate && formatDateTime(inv.ksefAcquisitionDate, locale)} />
      <Fact label={t('invoicePage.submissionRef')} value={inv.submission?.referenceNumber} className="mono" />
    </>
  );
}

/** The invoice this one corrects, and the corrections of this one. */
function CorrectionLinks({ inv, t }: Omit<SectionProps, 'locale'>) {
  return (
    <>
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
    </>
  );
}

/** Accepted without a UPO yet: still polled, or polling gave up (then a member may ask again). */
function UpoState({ inv, t }: Omit<SectionProps, 'locale'>) {
  if (!inv.upoState) return null;
  const missing = inv.upoState === 'MISSING';
  return (
    <div className={`alert ${missing ? 'alert-warn' : 'alert-info'}`} role="status" data-testid="upo-state" data-state={inv.upoState}>
      <p>{missing ? t('invoicePage.upoMissing', { attempts: inv.upoAttempts }) : t('invoicePage.upoWaiting')}</p>
      {missing && inv.canEdit && <SendInvoiceButton invoiceId={inv.id} action={retryUpoAction} label="invoicePage.upoRetry" />}
    </div>
  );
}

/** XML, UPO and PDF; the PDF needs the stored XML (its hash goes into KOD I), so it is offered with it. */
function Downloads({ inv, t }: Omit<SectionProps, 'locale'>) {
  if (!inv.hasXml && !inv.hasUpo) return null;
  const link = (doc: 'xml' | 'upo' | 'upo-pdf' | 'pdf' | 'duplicate', label: string, title?: string) => (
    <a className="btn btn-small" href={`/api/invoices/${inv.id}/${doc}`} title={title} download>
      {label}
    </a>
  );
  return (
    <div className="inv-downloads" role="group" aria-label={t('invoicePage.downloads')}>
      {inv.hasXml && link('xml', t('invoicePage.downloadXml'))}
      {inv.hasUpo && link('upo', t('invoicePage.downloadUpo'))}
      {inv.hasUpo && link('upo-pdf', t('invoicePage.downloadUpoPdf'))}
      {inv.hasXml && link('pdf', t('invoicePage.downloadPdf'))}
      {inv.hasXml && inv.canEdit && link('duplicate', t('invoicePage.issueDuplicate'), t('invoicePage.issueDuplicateHint'))}
    </div>
  );
}

export function TimelineSection({ inv, t }: Omit<SectionProps, 'locale'>) {
  const steps = timelineSteps(inv.status, inv.events, inv.ksefAcquisitionDate);
  return (
    <section className="card inv-section" aria-labelledby="inv-timeline">
      <h2 id="inv-timeline">{t('invoicePage.timeline')}</h2>
      <StatusTimeline steps={steps} ksefNumber={inv.ksefNumber} reason={inv.statusReason && renderMessage(t, inv.statusReason)} />
      <LiveStatus invoiceId={inv.id} status={inv.status} updatedAt={inv.updatedAt.toISOString()} />
    </section>
  );
}

export function LinesSection({ inv, t }: Omit<SectionProps, 'locale'>) {
  return (
    <section className="card inv-section" aria-labelledby="inv-lines">
      <h2 id="inv-lines">{t('invoicePage.lines')}</h2>
      <InvoiceLines rows={lineRowsOf(inv.fa3, inv.form)} priceMode={inv.form?.priceMode ?? 'net'} />
    </section>
  );
}

export function TotalsSection({ inv, t, locale }: SectionProps) {
  // Issued: the FA(3) totals as stored. Draft: computed from its form (a correction draft's difference needs the
  // corrected invoice's lines, so only the stored sums are shown for it).
  const form = inv.form;
  const totals = inv.fa3 ? totalsViewOf(inv.fa3.totals) : form && inv.kind !== 'KOR' ? liveTotals(initialFormState(form, inv.issueDate)) : undefined;
  return (
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
  );
}
