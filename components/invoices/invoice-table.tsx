'use client';
import Link from 'next/link';
import { useT } from '@/components/ui/use-t';
import { useLocale } from './use-locale';
import { formatDate, formatMoney } from '@/lib/i18n/format';
import type { PaymentStatus } from '@/lib/invoices/payment-status';

export interface InvoiceListRow {
  id: string;
  number: string | null;
  kind: string;
  status: string;
  /** YYYY-MM-DD */
  issueDate: string;
  buyerName: string;
  currency: string;
  /** Exact decimal strings. */
  totalNet: string;
  totalGross: string;
  /** The derived payment state (lib/invoices/payment-status.ts); null for drafts, rejected invoices and corrections. */
  payment: { status: PaymentStatus; remaining: string; overpaid: string; paid: string } | null;
}

/**
 * The invoice list's table. A client component on purpose: the server sends the rows as plain data,
 * not as a tree of elements; per row, that is about half the server's rendering work (measured, see
 * docs/benchmarks.md). The HTML is still rendered on the server.
 */
export function InvoiceTable({ rows }: { rows: InvoiceListRow[] }) {
  const t = useT();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('invoices.number')}</th>
            <th scope="col">{t('invoices.issueDate')}</th>
            <th scope="col">{t('invoices.buyer')}</th>
            <th scope="col" className="num">
              {t('invoices.net')}
            </th>
            <th scope="col" className="num">
              {t('invoices.gross')}
            </th>
            <th scope="col">{t('invoices.status')}</th>
            <th scope="col">{t('payments.list.filter')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td>
                <Link href={`/invoices/${r.id}`} prefetch={false}>
                  {r.number ?? t('invoiceStatus.DRAFT')}
                </Link>
                {r.kind !== 'VAT' && <span className="muted">{` · ${t(`invoiceKind.${r.kind}`)}`}</span>}
              </td>
              <td>{formatDate(r.issueDate, locale)}</td>
              <td>{r.buyerName}</td>
              <td className="num">{formatMoney(r.totalNet, r.currency, locale)}</td>
              <td className="num">{formatMoney(r.totalGross, r.currency, locale)}</td>
              <td>
                <span className={`badge badge-${r.status}`}>{t(`invoiceStatus.${r.status}`)}</span>
              </td>
              <td data-testid="payment-cell">
                <PaymentCell payment={r.payment} currency={r.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The payment badge and, while partly paid or overdue, what is left (an overpayment: how much). */
function PaymentCell({ payment, currency }: { payment: InvoiceListRow['payment']; currency: string }) {
  const t = useT();
  const locale = useLocale();
  if (!payment) return <span className="muted">—</span>;
  const note =
    payment.status === 'overpaid'
      ? t('payments.list.overpaid', { amount: formatMoney(payment.overpaid, currency, locale) })
      : payment.status === 'overdue' || payment.status === 'partial'
        ? t('payments.list.remaining', { amount: formatMoney(payment.remaining, currency, locale) })
        : null;
  return (
    <>
      <span className={`badge pay-badge pay-${payment.status}`} data-status={payment.status}>
        {t(`payments.status.${payment.status}`)}
      </span>
      {note && <span className="pay-cell-note">{note}</span>}
    </>
  );
}
