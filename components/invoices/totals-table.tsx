'use client';
import { formatAmount, formatMoney } from '@/lib/i18n/format';
import { useT } from '@/components/ui/use-t';
import { useLocale } from './use-locale';
import type { TotalsView } from './form-state';

/** Net, VAT and gross per VAT rate and in total: the live preview in the form and the issued invoice's FA(3) totals. */
export function TotalsTable({ view, currency, correction }: { view: TotalsView; currency: string; correction?: boolean }) {
  const t = useT();
  const locale = useLocale();
  const showPln = view.rows.some((r) => r.vatPln !== undefined);
  const rateLabel = (rate: string) => {
    const key = `invoiceForm.rates.${rate}`;
    const label = t(key);
    return label === key ? rate : label;
  };
  return (
    <div className="inv-totals">
      {view.rows.length === 0 ? (
        <p className="muted">{t('invoiceForm.totalsEmpty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <caption className="inv-sr-only">{t('invoiceForm.totalsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('invoiceForm.totalsRate')}</th>
                <th scope="col" className="num">
                  {t('invoiceForm.totalsNet')}
                </th>
                <th scope="col" className="num">
                  {t('invoiceForm.totalsVat')}
                </th>
                {showPln && (
                  <th scope="col" className="num">
                    {t('invoiceForm.totalsVatPln')}
                  </th>
                )}
                <th scope="col" className="num">
                  {t('invoiceForm.totalsGross')}
                </th>
              </tr>
            </thead>
            <tbody>
              {view.rows.map((r) => (
                <tr key={r.bucket} data-testid={`totals-rate-${r.bucket}`}>
                  <th scope="row">{rateLabel(r.rate)}</th>
                  <td className="num">{formatAmount(r.net, locale)}</td>
                  <td className="num">{r.vat !== undefined ? formatAmount(r.vat, locale) : '—'}</td>
                  {showPln && <td className="num">{r.vatPln !== undefined ? formatMoney(r.vatPln, 'PLN', locale) : '—'}</td>}
                  <td className="num">{formatAmount(r.gross, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr className="inv-totals-sum">
                <th scope="row">{t('invoiceForm.totalsSum')}</th>
                <td className="num" data-testid="total-net">
                  {formatMoney(view.net, currency, locale)}
                </td>
                <td className="num" data-testid="total-vat">
                  {formatMoney(view.vat, currency, locale)}
                </td>
                {showPln && <td className="num" />}
                <td className="num" data-testid="total-gross">
                  <strong>{formatMoney(view.gross, currency, locale)}</strong>
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {correction && <p className="muted">{t('invoiceForm.totalsCorrection')}</p>}
      {view.incompleteLines.length > 0 && view.rows.length > 0 && <p className="muted">{t('invoiceForm.totalsIncomplete', { lines: view.incompleteLines.join(', ') })}</p>}
    </div>
  );
}
