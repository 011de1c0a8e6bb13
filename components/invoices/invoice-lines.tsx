'use client';
import { useT } from '@/components/ui/use-t';
import { formatAmount } from '@/lib/i18n/format';
import { useLocale } from './use-locale';
import { formatDecimal } from './form-state';
import type { LineRow } from './page-helpers';

function Rows({ rows, caption, priceMode }: { rows: LineRow[]; caption?: string; priceMode: 'net' | 'gross' }) {
  const t = useT();
  const locale = useLocale();
  const rate = (r?: string) => {
    if (!r) return '—';
    const label = t(`invoiceForm.rates.${r}`);
    return label.startsWith('invoiceForm.') ? r : label;
  };
  return (
    <div className="table-wrap">
      <table className="data inv-view-lines">
        {caption && <caption>{caption}</caption>}
        <thead>
          <tr>
            <th scope="col">{t('invoiceForm.lineNo')}</th>
            <th scope="col">{t('invoiceForm.lineName')}</th>
            <th scope="col" className="num">
              {t('invoiceForm.lineQuantity')}
            </th>
            <th scope="col">{t('invoiceForm.lineUnit')}</th>
            <th scope="col" className="num">
              {t(priceMode === 'gross' ? 'invoiceForm.lineUnitPriceGross' : 'invoiceForm.lineUnitPriceNet')}
            </th>
            <th scope="col" className="num">
              {t('invoiceForm.lineDiscount')}
            </th>
            <th scope="col">{t('invoiceForm.lineVatRate')}</th>
            <th scope="col" className="num">
              {t(priceMode === 'gross' ? 'invoiceForm.lineValueGross' : 'invoiceForm.lineValueNet')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.no}>
              <td>{r.no}</td>
              <td>{r.name}</td>
              <td className="num">{r.quantity ? formatDecimal(r.quantity, locale) : '—'}</td>
              <td>{r.unit ?? ''}</td>
              <td className="num">{r.unitPrice ? formatDecimal(r.unitPrice, locale, 2) : '—'}</td>
              <td className="num">{r.discount ? formatDecimal(r.discount, locale, 2) : ''}</td>
              <td>{rate(r.vatRate)}</td>
              <td className="num">{r.value ? formatAmount(r.value, locale) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** An invoice's lines; a correction lists the state before and after it. */
export function InvoiceLines({ rows, priceMode }: { rows: LineRow[]; priceMode: 'net' | 'gross' }) {
  const t = useT();
  const before = rows.filter((r) => r.before);
  const after = rows.filter((r) => !r.before);
  if (rows.length === 0) return <p className="muted">{t('invoicePage.noLines')}</p>;
  if (before.length === 0) return <Rows rows={after} priceMode={priceMode} />;
  return (
    <>
      <Rows rows={before} caption={t('invoicePage.linesBefore')} priceMode={priceMode} />
      <Rows rows={after} caption={t('invoicePage.linesAfter')} priceMode={priceMode} />
    </>
  );
}
