'use client';
import type { ReactNode, RefObject } from 'react';
import Link from 'next/link';
import { Field, Select, TextInput } from '@/components/ui/field';
import { useT } from '@/components/ui/use-t';
import { formatDate } from '@/lib/i18n/format';
import { PAYMENT_METHODS } from '@/lib/invoices/form';
import { BuyerPicker, type BuyerOption, type CreateBuyer } from './buyer-picker';
import { forcesReverseCharge, hasRate, needsExemption, type FormState, type TotalsView } from './form-state';
import type { CorrectionContext } from './invoice-form';
import { LineItems } from './line-items';
import { TotalsTable } from './totals-table';
import type { FormEditing, FormErrors, UpdateField } from './use-invoice-form';
import { useLocale } from './use-locale';

/** What a section needs to show and edit its fields. */
export interface SectionFieldsProps {
  form: FormState;
  msg: FormErrors['msg'];
  update: UpdateField;
}

const CURRENCIES = ['PLN', 'EUR', 'USD', 'GBP', 'CHF', 'CZK', 'SEK', 'NOK', 'DKK', 'HUF', 'RON', 'BGN', 'UAH', 'JPY', 'CAD', 'AUD', 'CNY'];

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `sec-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card inv-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Checkbox({
  id,
  label,
  help,
  checked,
  disabled,
  onChange,
  error,
}: {
  id: string;
  label: string;
  help: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (v: boolean) => void;
  error?: string;
}) {
  return (
    <div className="field inv-check">
      <label htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          disabled={disabled}
          onChange={(e) => onChange(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={[`${id}-help`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        />
        {label}
      </label>
      <span className="hint" id={`${id}-help`}>
        {help}
      </span>
      {error && (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** The saved notice and the error summary (focused after a failed save); field errors also show at their controls. */
export function FormAlerts({ errors, savedNotice, summaryRef }: { errors: FormErrors; savedNotice?: boolean; summaryRef: RefObject<HTMLDivElement | null> }) {
  const t = useT();
  const { failed, errorCount, unplaced, errorOf } = errors;
  return (
    <>
      {savedNotice && !failed && (
        <div className="alert alert-ok" role="status">
          {t('invoiceForm.saved')}
        </div>
      )}
      {(failed?.formError || errorCount > 0) && (
        <div className="alert alert-error" role="alert" id="inv-summary" tabIndex={-1} ref={summaryRef} data-testid="form-errors">
          {failed?.formError && (
            <p className="inv-summary-lead">
              {t(failed.formError, failed.formParams)}
              {failed.formError === 'errors.sellerAddressMissing' && (
                <>
                  {' '}
                  <Link href="/settings">{t('invoiceForm.sellerSettings')}</Link>
                </>
              )}
            </p>
          )}
          {errorCount > 0 && <p className="inv-summary-lead">{t('invoiceForm.errorSummary', { count: errorCount })}</p>}
          {unplaced.length > 0 && (
            <ul>
              {unplaced.map((k) => (
                <li key={k}>
                  {k === '_seller' ? (
                    <>
                      {t('invoiceForm.sellerError', { message: t(errorOf(k)!) })} <Link href="/settings">{t('invoiceForm.sellerSettings')}</Link>
                    </>
                  ) : (
                    t(errorOf(k)!)
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </>
  );
}

/** The invoice being corrected and the reason; only on a correction (KOR). */
export function CorrectionSection({ form, msg, update, correction }: SectionFieldsProps & { correction?: CorrectionContext }) {
  const t = useT();
  const locale = useLocale();
  return (
    <Section title={t('invoiceForm.sectionCorrection')}>
      {correction && (
        <p>
          {t('invoiceForm.correctionOf', { number: correction.number, date: formatDate(correction.issueDate, locale) })}
          {correction.ksefNumber && (
            <>
              <br />
              <span className="muted mono">{t('invoiceForm.correctionOfKsef', { ksefNumber: correction.ksefNumber })}</span>
            </>
          )}
        </p>
      )}
      {msg('correctedInvoiceId') && (
        <p className="error" role="alert">
          {msg('correctedInvoiceId')}
        </p>
      )}
      <p className="muted">{t('invoiceForm.correctionHint')}</p>
      <Field id="correctionReason" label={t('invoiceForm.correctionReason')} error={msg('correctionReason')} hint={t('invoiceForm.correctionReasonHint')}>
        <TextInput
          id="correctionReason"
          name=""
          value={form.correctionReason}
          onChange={(e) => update('correctionReason', e.target.value)}
          error={msg('correctionReason')}
          hint={t('invoiceForm.correctionReasonHint')}
        />
      </Field>
    </Section>
  );
}

export function PartiesSection({ form, msg, update, contractors, createBuyer }: SectionFieldsProps & { contractors: BuyerOption[]; createBuyer: CreateBuyer }) {
  const t = useT();
  return (
    <Section title={t('invoiceForm.sectionParties')}>
      <BuyerPicker contractors={contractors} value={form.buyerContractorId} error={msg('buyerContractorId')} onChange={(v) => update('buyerContractorId', v)} createBuyer={createBuyer} />
    </Section>
  );
}

/** Kind (not for a correction), dates, place, currency and, for a foreign currency, the exchange rate. */
export function DatesSection({ form, msg, update }: SectionFieldsProps) {
  const t = useT();
  return (
    <Section title={t('invoiceForm.sectionDates')}>
      <div className="row">
        {form.kind !== 'KOR' && (
          <Field id="kind" label={t('invoiceForm.kind')} error={msg('kind')}>
            <Select id="kind" name="" value={form.kind} onChange={(e) => update('kind', e.target.value as FormState['kind'])} error={msg('kind')}>
              {(['VAT', 'ZAL', 'ROZ', 'UPR'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`invoiceKind.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
        )}
        <Field id="issueDate" label={t('invoiceForm.issueDate')} error={msg('issueDate')}>
          <TextInput id="issueDate" name="" type="date" value={form.issueDate} onChange={(e) => update('issueDate', e.target.value)} error={msg('issueDate')} required />
        </Field>
        <Field id="saleDate" label={t('invoiceForm.saleDate')} error={msg('saleDate')} hint={t('invoiceForm.saleDateHint')}>
          <TextInput id="saleDate" name="" type="date" value={form.saleDate} onChange={(e) => update('saleDate', e.target.value)} error={msg('saleDate')} hint={t('invoiceForm.saleDateHint')} />
        </Field>
        <Field id="issuePlace" label={t('invoiceForm.issuePlace')} error={msg('issuePlace')}>
          <TextInput id="issuePlace" name="" value={form.issuePlace} onChange={(e) => update('issuePlace', e.target.value)} error={msg('issuePlace')} />
        </Field>
      </div>
      <div className="row">
        <Field id="currency" label={t('invoiceForm.currency')} error={msg('currency')}>
          <Select id="currency" name="" value={form.currency} onChange={(e) => update('currency', e.target.value)} error={msg('currency')}>
            {(CURRENCIES.includes(form.currency) ? CURRENCIES : [form.currency, ...CURRENCIES]).map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </Select>
        </Field>
        {form.currency !== 'PLN' && (
          <Field id="exchangeRate" label={t('invoiceForm.exchangeRate')} error={msg('exchangeRate')} hint={t('invoiceForm.exchangeRateHint')}>
            <TextInput
              id="exchangeRate"
              name=""
              inputMode="decimal"
              autoComplete="off"
              value={form.exchangeRate}
              onChange={(e) => update('exchangeRate', e.target.value)}
              error={msg('exchangeRate')}
              hint={t('invoiceForm.exchangeRateHint')}
            />
          </Field>
        )}
      </div>
    </Section>
  );
}

/** Net or gross prices, the lines, what the special rates mean, and the exemption basis when a line is zw. */
export function LinesSection({ form, msg, update, editing }: SectionFieldsProps & { editing: FormEditing }) {
  const t = useT();
  return (
    <Section title={t('invoiceForm.sectionLines')}>
      <fieldset className="inv-price-mode">
        <legend>{t('invoiceForm.priceMode')}</legend>
        {(['net', 'gross'] as const).map((m) => (
          <label key={m} className="inv-radio">
            <input type="radio" name="priceMode" value={m} checked={form.priceMode === m} onChange={() => update('priceMode', m)} />
            {t(m === 'net' ? 'invoiceForm.priceModeNet' : 'invoiceForm.priceModeGross')}
          </label>
        ))}
      </fieldset>
      <LineItems lines={form.lines} priceMode={form.priceMode} errorOf={msg} onChange={editing.updateLine} onRemove={editing.removeLine} />
      {msg('lines') && (
        <p className="error" id="lines-error">
          {msg('lines')}
        </p>
      )}
      <button type="button" className="btn" onClick={editing.addLine}>
        + {t('invoiceForm.addLine')}
      </button>
      <p className="inv-sr-only" role="status">
        {editing.announce}
      </p>
      <RateHelp form={form} />
      {needsExemption(form) && <ExemptionFields form={form} msg={msg} update={update} />}
    </Section>
  );
}

function RateHelp({ form }: { form: FormState }) {
  const t = useT();
  const forcedRc = forcesReverseCharge(form);
  if (!(hasRate(form, 'zw') || hasRate(form, 'np I') || hasRate(form, 'np II') || forcedRc)) return null;
  return (
    <ul className="inv-rate-help muted">
      {hasRate(form, 'zw') && <li>{t('invoiceForm.rateHelp.zw')}</li>}
      {(hasRate(form, 'np I') || hasRate(form, 'np II')) && <li>{t('invoiceForm.rateHelp.np')}</li>}
      {forcedRc && <li>{t('invoiceForm.rateHelp.oo')}</li>}
    </ul>
  );
}

function ExemptionFields({ form, msg, update }: SectionFieldsProps) {
  const t = useT();
  return (
    <fieldset className="inv-exemption" data-testid="exemption">
      <legend>{t('invoiceForm.exemptionLegend')}</legend>
      <p className="muted">{t('invoiceForm.exemptionIntro')}</p>
      <div className="row">
        <Field id="exemption-basis" label={t('invoiceForm.exemptionBasis')} error={msg('exemption.basis')}>
          <Select
            id="exemption-basis"
            name=""
            value={form.exemptionBasis}
            onChange={(e) => update('exemptionBasis', e.target.value as FormState['exemptionBasis'], 'exemption.basis')}
            error={msg('exemption.basis')}
          >
            <option value="">{t('invoiceForm.exemptionBasisPlaceholder')}</option>
            {(['A', 'B', 'C'] as const).map((b) => (
              <option key={b} value={b}>
                {t(`invoiceForm.exemptionBases.${b}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="exemption-text" label={t('invoiceForm.exemptionText')} error={msg('exemption.text')} hint={t('invoiceForm.exemptionTextHint')}>
          <TextInput
            id="exemption-text"
            name=""
            value={form.exemptionText}
            onChange={(e) => update('exemptionText', e.target.value, 'exemption.text')}
            error={msg('exemption.text')}
            hint={t('invoiceForm.exemptionTextHint')}
          />
        </Field>
      </div>
    </fieldset>
  );
}

/** A correction's totals are the difference to the corrected invoice (TotalsTable labels them so). */
export function TotalsSection({ totals, currency, correction }: { totals: TotalsView; currency: string; correction: boolean }) {
  const t = useT();
  return (
    <Section title={t('invoiceForm.sectionTotals')}>
      <TotalsTable view={totals} currency={currency} correction={correction} />
    </Section>
  );
}

export function PaymentSection({ form, msg, update }: SectionFieldsProps) {
  const t = useT();
  return (
    <Section title={t('invoiceForm.sectionPayment')}>
      <div className="row">
        <Field id="paymentMethod" label={t('invoiceForm.paymentMethod')} error={msg('paymentMethod')}>
          <Select id="paymentMethod" name="" value={form.paymentMethod} onChange={(e) => update('paymentMethod', e.target.value)} error={msg('paymentMethod')}>
            <option value="">{t('invoiceForm.paymentMethodNone')}</option>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`invoiceForm.paymentMethods.${m}`)}
              </option>
            ))}
          </Select>
        </Field>
        <Field id="dueDate" label={t('invoiceForm.dueDate')} error={msg('dueDate')}>
          <TextInput id="dueDate" name="" type="date" value={form.dueDate} onChange={(e) => update('dueDate', e.target.value)} error={msg('dueDate')} />
        </Field>
      </div>
      <Field id="bankAccount" label={t('invoiceForm.bankAccount')} error={msg('bankAccount')} hint={t('invoiceForm.bankAccountHint')}>
        <TextInput
          id="bankAccount"
          name=""
          autoComplete="off"
          className="mono"
          value={form.bankAccount}
          onChange={(e) => update('bankAccount', e.target.value)}
          error={msg('bankAccount')}
          hint={t('invoiceForm.bankAccountHint')}
        />
      </Field>
    </Section>
  );
}

/** Split payment, reverse charge (forced on, and locked, when a line is oo) and free-text notes. */
export function AnnotationsSection({ form, msg, update }: SectionFieldsProps) {
  const t = useT();
  const forcedRc = forcesReverseCharge(form);
  return (
    <Section title={t('invoiceForm.sectionAnnotations')}>
      <Checkbox
        id="splitPayment"
        label={t('invoiceForm.splitPayment')}
        help={t('invoiceForm.splitPaymentHelp')}
        checked={form.splitPayment}
        onChange={(v) => update('splitPayment', v)}
        error={msg('splitPayment')}
      />
      <Checkbox
        id="reverseCharge"
        label={t('invoiceForm.reverseCharge')}
        help={forcedRc ? t('invoiceForm.reverseChargeForced') : t('invoiceForm.reverseChargeHelp')}
        checked={form.reverseCharge || forcedRc}
        disabled={forcedRc}
        onChange={(v) => update('reverseCharge', v)}
        error={msg('reverseCharge')}
      />
      <div className="field">
        <label htmlFor="notes">{t('invoiceForm.notes')}</label>
        <textarea
          id="notes"
          rows={3}
          value={form.notes}
          onChange={(e) => update('notes', e.target.value)}
          aria-invalid={msg('notes') ? true : undefined}
          aria-describedby={msg('notes') ? 'notes-error' : undefined}
        />
        {msg('notes') && (
          <span className="error" id="notes-error">
            {msg('notes')}
          </span>
        )}
      </div>
    </Section>
  );
}

/** The three submit buttons; the one pressed is sent as `intent` and shows it is busy. */
export function FormButtons({ cancelHref, pending, intent }: { cancelHref: string; pending: boolean; intent: string }) {
  const t = useT();
  const busy = pending ? intent : '';
  const button = (intent: 'draft' | 'issue' | 'issueAndSend', label: string, primary?: boolean) => (
    <button type="submit" name="intent" value={intent} className={`btn${primary ? ' btn-primary' : ''}`} disabled={pending} aria-busy={busy === intent}>
      {busy === intent ? t('invoiceForm.saving') : label}
    </button>
  );
  return (
    <div className="row">
      {button('draft', t('invoiceForm.saveDraft'))}
      {button('issue', t('invoiceForm.issue'))}
      {button('issueAndSend', t('invoiceForm.issueAndSend'), true)}
      <Link href={cancelHref} className="btn">
        {t('invoiceForm.cancel')}
      </Link>
    </div>
  );
}
