'use client';
import { Fragment } from 'react';
import { useT } from '@/components/ui/use-t';
import { formatAmount } from '@/lib/i18n/format';
import { FORM_VAT_RATES } from '@/lib/invoices/form';
import { useLocale } from './use-locale';
import { lineValue, type FormVatRate, type LineState, type PriceMode } from './form-state';
import styles from './line-items.module.css';

type LineField = 'name' | 'quantity' | 'unit' | 'unitPrice' | 'discount' | 'vatRate';
export const LINE_FIELDS: LineField[] = ['name', 'quantity', 'unit', 'unitPrice', 'discount', 'vatRate'];

export const lineInputId = (index: number, field: LineField) => `line-${index}-${field}`;

/** „Rabat jest większy…” needs no „Rabat: ” before it (nor „Cena może…” a „Cena netto: ”). */
const sameStart = (message: string, label: string) => message.split(' ')[0]!.toLowerCase() === label.split(' ')[0]!.toLowerCase();

interface Props {
  lines: LineState[];
  priceMode: PriceMode;
  errorOf: (path: string) => string | undefined;
  onChange: (index: number, field: LineField, value: string) => void;
  onRemove: (index: number) => void;
}

/**
 * The invoice lines as a table (cards on narrow screens). Every control has an accessible name with
 * its line number ("Nazwa, pozycja 1") and its error right under it, tied with aria-describedby.
 */
export function LineItems({ lines, priceMode, errorOf, onChange, onRemove }: Props) {
  const t = useT();
  const locale = useLocale();
  const priceLabel = t(priceMode === 'gross' ? 'invoiceForm.lineUnitPriceGross' : 'invoiceForm.lineUnitPriceNet');
  const valueLabel = t(priceMode === 'gross' ? 'invoiceForm.lineValueGross' : 'invoiceForm.lineValueNet');
  const labels: Record<LineField, string> = {
    name: t('invoiceForm.lineName'),
    quantity: t('invoiceForm.lineQuantity'),
    unit: t('invoiceForm.lineUnit'),
    unitPrice: priceLabel,
    discount: t('invoiceForm.lineDiscount'),
    vatRate: t('invoiceForm.lineVatRate'),
  };
  const control = (i: number, field: LineField, line: LineState) => {
    const id = lineInputId(i, field);
    const error = errorOf(`lines.${i}.${field}`);
    const common = {
      id,
      'aria-label': t('invoiceForm.lineAria', { field: labels[field], no: i + 1 }),
      'aria-invalid': error ? (true as const) : undefined,
      'aria-describedby': error ? `${id}-error` : undefined,
    };
    return (
      <td data-label={labels[field]} className={`inv-line-${field}`}>
        {field === 'vatRate' ? (
          <select {...common} value={line.vatRate} onChange={(e) => onChange(i, field, e.target.value)}>
            <option value="">{t('invoiceForm.ratePlaceholder')}</option>
            {FORM_VAT_RATES.map((r: FormVatRate) => (
              <option key={r} value={r}>
                {t(`invoiceForm.rates.${r}`)}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type="text"
            inputMode={field === 'name' || field === 'unit' ? undefined : 'decimal'}
            autoComplete="off"
            value={line[field]}
            onChange={(e) => onChange(i, field, e.target.value)}
          />
        )}
        {error && (
          <span className={`error ${styles.cellError}`} id={`${id}-error`}>
            {t(error)}
          </span>
        )}
      </td>
    );
  };
  return (
    <div className="table-wrap inv-lines-wrap">
      <table className="data inv-lines">
        <thead>
          <tr>
            <th scope="col" className="inv-line-no">
              {t('invoiceForm.lineNo')}
            </th>
            <th scope="col">{labels.name}</th>
            <th scope="col">{labels.quantity}</th>
            <th scope="col">{labels.unit}</th>
            <th scope="col">{labels.unitPrice}</th>
            <th scope="col">
              {labels.discount} <span className="muted">({t('invoiceForm.lineDiscountHint')})</span>
            </th>
            <th scope="col">{labels.vatRate}</th>
            <th scope="col" className="num">
              {valueLabel}
            </th>
            <th scope="col">
              <span className="inv-sr-only">{t('invoiceForm.removeLine', { no: '' })}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line, i) => {
            const value = lineValue(line, priceMode);
            const errors = LINE_FIELDS.flatMap((f) => {
              const e = errorOf(`lines.${i}.${f}`);
              return e ? [{ field: f, message: t(e) }] : [];
            });
            return (
              <Fragment key={line.key}>
                <tr data-testid={`line-${i + 1}`} className={errors.length ? styles.hasErrors : undefined}>
                  <td className="inv-line-no" data-label={t('invoiceForm.lineNo')}>
                    {i + 1}
                  </td>
                  {LINE_FIELDS.map((f) => (
                    <Fragment key={f}>{control(i, f, line)}</Fragment>
                  ))}
                  <td className="num inv-line-value" data-label={valueLabel} data-testid={`line-${i + 1}-value`}>
                    {value !== undefined ? formatAmount(value, locale) : '—'}
                  </td>
                  <td className="inv-line-remove">
                    <button
                      type="button"
                      className="btn btn-small btn-danger"
                      onClick={() => onRemove(i)}
                      disabled={lines.length === 1}
                      aria-label={t('invoiceForm.removeLine', { no: i + 1 })}
                      title={t('invoiceForm.removeLine', { no: i + 1 })}
                    >
                      <span aria-hidden="true">×</span>
                    </button>
                  </td>
                </tr>
                {errors.length > 0 && (
                  // The same messages as in the cells (their accessible copies), shown here on a wide screen.
                  <tr className={styles.errorRow} aria-hidden="true" data-testid={`line-${i + 1}-errors`}>
                    <td />
                    <td colSpan={8}>
                      {errors.map((e) => (
                        <span key={e.field} className={`error ${styles.rowError}`}>
                          {sameStart(e.message, labels[e.field]) ? e.message : `${labels[e.field]}: ${e.message}`}
                        </span>
                      ))}
                    </td>
                  </tr>
                )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
