'use client';
import { startTransition, useActionState, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import Link from 'next/link';
import { Field, Select, TextInput } from '@/components/ui/field';
import { useT } from '@/components/ui/use-t';
import { formatDate } from '@/lib/i18n/format';
import { PAYMENT_METHODS, type InvoiceFormInput } from '@/lib/invoices/form';
import type { Line } from '@/lib/fa3/model';
import type { ActionState } from '@/lib/action-state';
import { BuyerPicker, type BuyerOption, type CreateBuyer } from './buyer-picker';
import { LINE_FIELDS, LineItems, lineInputId } from './line-items';
import { TotalsTable } from './totals-table';
import { useLocale } from './use-locale';
import {
  emptyLine,
  forcesReverseCharge,
  hasRate,
  initialFormState,
  liveTotals,
  needsExemption,
  toPayload,
  validateForm,
  type FormState,
  type LineState,
} from './form-state';

export type SaveInvoice = (prev: ActionState<{ id: string }>, form: FormData) => Promise<ActionState<{ id: string }>>;

export interface CorrectionContext {
  number: string;
  issueDate: string;
  ksefNumber: string | null;
  /** The corrected invoice's lines as accepted: subtracted in the live totals, as on the server. */
  beforeLines: Line[];
}

export interface InvoiceFormProps {
  action: SaveInvoice;
  createBuyer: CreateBuyer;
  contractors: BuyerOption[];
  initial?: Partial<InvoiceFormInput>;
  /** An existing draft being edited. */
  draftId?: string;
  /** Today in Warsaw (YYYY-MM-DD), from the server so server and browser render the same. */
  today: string;
  correction?: CorrectionContext;
  cancelHref: string;
  savedNotice?: boolean;
}

const CURRENCIES = ['PLN', 'EUR', 'USD', 'GBP', 'CHF', 'CZK', 'SEK', 'NOK', 'DKK', 'HUF', 'RON', 'BGN', 'UAH', 'JPY', 'CAD', 'AUD', 'CNY'];

/** Field keys rendered next to a control; any other error goes to the summary at the top. */
const PLACED = ['buyerContractorId', 'kind', 'issueDate', 'saleDate', 'issuePlace', 'currency', 'exchangeRate', 'lines', 'paymentMethod', 'dueDate', 'bankAccount', 'splitPayment', 'reverseCharge', 'exemption.basis', 'exemption.text', 'notes', 'correctionReason', 'correctedInvoiceId'];

export function InvoiceForm({ action, createBuyer, contractors, initial, draftId, today, correction, cancelHref, savedNotice }: InvoiceFormProps) {
  const t = useT();
  const locale = useLocale();
  const [state, dispatch, pending] = useActionState(action, null);
  const [intent, setIntent] = useState('');
  const [form, setForm] = useState<FormState>(() => initialFormState(initial, today));
  const [attempted, setAttempted] = useState(false);
  // Server errors stay until their field is edited; `for` ties the edits to one server answer.
  const [edited, setEdited] = useState<{ for: ActionState<{ id: string }>; keys: string[] }>({ for: null, keys: [] });
  const [announce, setAnnounce] = useState('');
  const summaryRef = useRef<HTMLDivElement>(null);

  const failed = state && !state.ok ? state : undefined;
  const id = failed?.values?.id || draftId || '';
  const clientErrors = useMemo(() => (attempted ? validateForm(form) : {}), [attempted, form]);
  const editedKeys = edited.for === state ? edited.keys : [];
  const errorOf = (key: string): string | undefined => clientErrors[key] ?? (editedKeys.includes(key) ? undefined : failed?.fieldErrors[key]);
  const msg = (key: string) => {
    const e = errorOf(key);
    return e ? t(e) : undefined;
  };
  const totals = useMemo(() => liveTotals(form, correction?.beforeLines ?? []), [form, correction]);
  const payload = useMemo(() => JSON.stringify(toPayload(form)), [form]);
  const isCorrection = form.kind === 'KOR';
  const foreign = form.currency !== 'PLN';
  const showExemption = needsExemption(form);
  const forcedRc = forcesReverseCharge(form);

  useEffect(() => {
    if (state && !state.ok) summaryRef.current?.focus();
  }, [state]);
  // Marks the form interactive (hydrated), so browser tests don't type into server HTML React will replace.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.setAttribute('data-ready', 'true'), []);

  const touch = (...keys: string[]) => setEdited((e) => ({ for: state, keys: [...(e.for === state ? e.keys : []), ...keys] }));
  const update = <K extends keyof FormState>(key: K, value: FormState[K], errorKey: string = key) => {
    setForm((f) => ({ ...f, [key]: value }));
    touch(errorKey);
  };
  const updateLine = (index: number, field: keyof LineState, value: string) => {
    setForm((f) => ({ ...f, lines: f.lines.map((l, i) => (i === index ? { ...l, [field]: value } : l)) }));
    touch(`lines.${index}.${field}`, 'lines', '_form');
  };
  const addLine = () => {
    const no = form.lines.length + 1;
    setForm((f) => ({ ...f, lines: [...f.lines, emptyLine(f.lines.at(-1)?.vatRate || '23')] }));
    touch('lines');
    setAnnounce(t('invoiceForm.lineAdded', { no }));
    requestAnimationFrame(() => document.getElementById(lineInputId(no - 1, 'name'))?.focus());
  };
  const removeLine = (index: number) => {
    setForm((f) => ({ ...f, lines: f.lines.filter((_, i) => i !== index) }));
    // Line errors are keyed by position: after a removal the old server errors no longer point at the right line.
    touch(...form.lines.flatMap((_, i) => LINE_FIELDS.map((f) => `lines.${i}.${f}`)));
    setAnnounce(t('invoiceForm.lineRemoved', { no: index + 1 }));
    requestAnimationFrame(() => document.getElementById(lineInputId(Math.max(0, index - 1), 'name'))?.focus());
  };

  // Dispatched by hand, not as <form action>: React resets a form after its action, and a reset puts
  // controlled <select>s back to their first option on screen while the state keeps the old value.
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const el = e.currentTarget;
    if (Object.keys(validateForm(form)).length > 0) {
      setAttempted(true);
      requestAnimationFrame(() => el.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(el, submitter instanceof HTMLButtonElement ? submitter : null);
    setIntent(String(data.get('intent') ?? 'draft'));
    startTransition(() => dispatch(data));
  };

  const allErrors = { ...(failed?.fieldErrors ?? {}), ...clientErrors };
  const errorCount = Object.keys(allErrors).filter((k) => errorOf(k)).length;
  const unplaced = Object.keys(allErrors).filter((k) => errorOf(k) && !PLACED.includes(k) && !/^lines\.\d+\.\w+$/.test(k));

  return (
    <form onSubmit={onSubmit} noValidate className="inv-form" ref={formRef} aria-describedby={errorCount || failed?.formError ? 'inv-summary' : undefined}>
      <input type="hidden" name="payload" value={payload} />
      {id && <input type="hidden" name="id" value={id} />}

      {savedNotice && !failed && (
        <div className="alert alert-ok" role="status">{t('invoiceForm.saved')}</div>
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

      {isCorrection && (
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
          {msg('correctedInvoiceId') && <p className="error" role="alert">{msg('correctedInvoiceId')}</p>}
          <p className="muted">{t('invoiceForm.correctionHint')}</p>
          <Field id="correctionReason" label={t('invoiceForm.correctionReason')} error={msg('correctionReason')} hint={t('invoiceForm.correctionReasonHint')}>
            <TextInput id="correctionReason" name="" value={form.correctionReason} onChange={(e) => update('correctionReason', e.target.value)} error={msg('correctionReason')} hint={t('invoiceForm.correctionReasonHint')} />
          </Field>
        </Section>
      )}

      <Section title={t('invoiceForm.sectionParties')}>
        <BuyerPicker contractors={contractors} value={form.buyerContractorId} error={msg('buyerContractorId')} onChange={(v) => update('buyerContractorId', v)} createBuyer={createBuyer} />
      </Section>

      <Section title={t('invoiceForm.sectionDates')}>
        <div className="row">
          {!isCorrection && (
            <Field id="kind" label={t('invoiceForm.kind')} error={msg('kind')}>
              <Select id="kind" name="" value={form.kind} onChange={(e) => update('kind', e.target.value as FormState['kind'])} error={msg('kind')}>
                {(['VAT', 'ZAL', 'ROZ', 'UPR'] as const).map((k) => (
                  <option key={k} value={k}>{t(`invoiceKind.${k}`)}</option>
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
                <option key={c} value={c}>{c}</option>
              ))}
            </Select>
          </Field>
          {foreign && (
            <Field id="exchangeRate" label={t('invoiceForm.exchangeRate')} error={msg('exchangeRate')} hint={t('invoiceForm.exchangeRateHint')}>
              <TextInput id="exchangeRate" name="" inputMode="decimal" autoComplete="off" value={form.exchangeRate} onChange={(e) => update('exchangeRate', e.target.value)} error={msg('exchangeRate')} hint={t('invoiceForm.exchangeRateHint')} />
            </Field>
          )}
        </div>
      </Section>

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
        <LineItems lines={form.lines} priceMode={form.priceMode} errorOf={msg} onChange={updateLine} onRemove={removeLine} />
        {msg('lines') && <p className="error" id="lines-error">{msg('lines')}</p>}
        <button type="button" className="btn" onClick={addLine}>
          + {t('invoiceForm.addLine')}
        </button>
        <p className="inv-sr-only" role="status">{announce}</p>
        {(hasRate(form, 'zw') || hasRate(form, 'np I') || hasRate(form, 'np II') || forcedRc) && (
          <ul className="inv-rate-help muted">
            {hasRate(form, 'zw') && <li>{t('invoiceForm.rateHelp.zw')}</li>}
            {(hasRate(form, 'np I') || hasRate(form, 'np II')) && <li>{t('invoiceForm.rateHelp.np')}</li>}
            {forcedRc && <li>{t('invoiceForm.rateHelp.oo')}</li>}
          </ul>
        )}
        {showExemption && (
          <fieldset className="inv-exemption" data-testid="exemption">
            <legend>{t('invoiceForm.exemptionLegend')}</legend>
            <p className="muted">{t('invoiceForm.exemptionIntro')}</p>
            <div className="row">
              <Field id="exemption-basis" label={t('invoiceForm.exemptionBasis')} error={msg('exemption.basis')}>
                <Select id="exemption-basis" name="" value={form.exemptionBasis} onChange={(e) => update('exemptionBasis', e.target.value as FormState['exemptionBasis'], 'exemption.basis')} error={msg('exemption.basis')}>
                  <option value="">{t('invoiceForm.exemptionBasisPlaceholder')}</option>
                  {(['A', 'B', 'C'] as const).map((b) => (
                    <option key={b} value={b}>{t(`invoiceForm.exemptionBases.${b}`)}</option>
                  ))}
                </Select>
              </Field>
              <Field id="exemption-text" label={t('invoiceForm.exemptionText')} error={msg('exemption.text')} hint={t('invoiceForm.exemptionTextHint')}>
                <TextInput id="exemption-text" name="" value={form.exemptionText} onChange={(e) => update('exemptionText', e.target.value, 'exemption.text')} error={msg('exemption.text')} hint={t('invoiceForm.exemptionTextHint')} />
              </Field>
            </div>
          </fieldset>
        )}
      </Section>

      <Section title={t('invoiceForm.sectionTotals')}>
        <TotalsTable view={totals} currency={form.currency} correction={isCorrection && Boolean(correction)} />
      </Section>

      <Section title={t('invoiceForm.sectionPayment')}>
        <div className="row">
          <Field id="paymentMethod" label={t('invoiceForm.paymentMethod')} error={msg('paymentMethod')}>
            <Select id="paymentMethod" name="" value={form.paymentMethod} onChange={(e) => update('paymentMethod', e.target.value)} error={msg('paymentMethod')}>
              <option value="">{t('invoiceForm.paymentMethodNone')}</option>
              {PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>{t(`invoiceForm.paymentMethods.${m}`)}</option>
              ))}
            </Select>
          </Field>
          <Field id="dueDate" label={t('invoiceForm.dueDate')} error={msg('dueDate')}>
            <TextInput id="dueDate" name="" type="date" value={form.dueDate} onChange={(e) => update('dueDate', e.target.value)} error={msg('dueDate')} />
          </Field>
        </div>
        <Field id="bankAccount" label={t('invoiceForm.bankAccount')} error={msg('bankAccount')} hint={t('invoiceForm.bankAccountHint')}>
          <TextInput id="bankAccount" name="" autoComplete="off" className="mono" value={form.bankAccount} onChange={(e) => update('bankAccount', e.target.value)} error={msg('bankAccount')} hint={t('invoiceForm.bankAccountHint')} />
        </Field>
      </Section>

      <Section title={t('invoiceForm.sectionAnnotations')}>
        <Checkbox id="splitPayment" label={t('invoiceForm.splitPayment')} help={t('invoiceForm.splitPaymentHelp')} checked={form.splitPayment} onChange={(v) => update('splitPayment', v)} error={msg('splitPayment')} />
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
          <textarea id="notes" rows={3} value={form.notes} onChange={(e) => update('notes', e.target.value)} aria-invalid={msg('notes') ? true : undefined} aria-describedby={msg('notes') ? 'notes-error' : undefined} />
          {msg('notes') && <span className="error" id="notes-error">{msg('notes')}</span>}
        </div>
      </Section>

      <div className="inv-actions">
        <FormButtons cancelHref={cancelHref} pending={pending} intent={intent} />
        <p className="muted">{t('invoiceForm.actionsHint')}</p>
      </div>
    </form>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = `sec-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section className="card inv-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

function Checkbox({ id, label, help, checked, disabled, onChange, error }: { id: string; label: string; help: string; checked: boolean; disabled?: boolean; onChange: (v: boolean) => void; error?: string }) {
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
      <span className="hint" id={`${id}-help`}>{help}</span>
      {error && <span className="error" id={`${id}-error`}>{error}</span>}
    </div>
  );
}

/** The three submit buttons; the one pressed is sent as `intent` and shows it is busy. */
function FormButtons({ cancelHref, pending, intent }: { cancelHref: string; pending: boolean; intent: string }) {
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
      <Link href={cancelHref} className="btn">{t('invoiceForm.cancel')}</Link>
    </div>
  );
}
