'use client';
import Form from 'next/form';
import Link from 'next/link';
import { useT } from '@/components/ui/use-t';
import { PAYMENT_FILTERS } from '@/lib/invoices/payment-status';

const STATUSES = ['DRAFT', 'ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED', 'REJECTED'] as const;
const KINDS = ['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR'] as const;

export interface InvoiceFilterValues {
  status?: string;
  kind?: string;
  from?: string;
  to?: string;
  buyer?: string;
  number?: string;
  payment?: string;
}

/**
 * The invoice list's filters. A GET form (`next/form`: filtering is a client-side navigation, and
 * still works without JavaScript); a client component so the server sends seven values, not the form.
 */
export function InvoiceFilters({ query }: { query: InvoiceFilterValues }) {
  const t = useT();
  return (
    // Keyed by the query: a link to a filtered list (the overview's tiles) is a client-side navigation, and
    // the fields' defaults would otherwise keep the previous query.
    <Form key={JSON.stringify(query)} action="/invoices" className="filters" role="search">
      <div className="field">
        <label htmlFor="f-status">{t('invoices.status')}</label>
        <select id="f-status" name="status" defaultValue={query.status ?? ''}>
          <option value="">{t('invoices.all')}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`invoiceStatus.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-kind">{t('invoices.kind')}</label>
        <select id="f-kind" name="kind" defaultValue={query.kind ?? ''}>
          <option value="">{t('invoices.all')}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`invoiceKind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-payment">{t('payments.list.filter')}</label>
        <select id="f-payment" name="payment" defaultValue={query.payment ?? ''}>
          <option value="">{t('invoices.all')}</option>
          {PAYMENT_FILTERS.map((p) => (
            <option key={p} value={p}>
              {t(`payments.list.filters.${p}`)}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="f-from">{t('invoices.from')}</label>
        <input id="f-from" name="from" type="date" defaultValue={query.from} />
      </div>
      <div className="field">
        <label htmlFor="f-to">{t('invoices.to')}</label>
        <input id="f-to" name="to" type="date" defaultValue={query.to} />
      </div>
      <div className="field">
        <label htmlFor="f-buyer">{t('invoices.buyer')}</label>
        <input id="f-buyer" name="buyer" defaultValue={query.buyer} />
      </div>
      <div className="field">
        <label htmlFor="f-number">{t('invoices.number')}</label>
        <input id="f-number" name="number" defaultValue={query.number} />
      </div>
      <button type="submit" className="btn">
        {t('invoices.filter')}
      </button>
      <Link href="/invoices" className="btn">
        {t('invoices.clear')}
      </Link>
    </Form>
  );
}
