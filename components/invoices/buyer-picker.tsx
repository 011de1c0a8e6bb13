'use client';
import { useState, useTransition, type KeyboardEvent } from 'react';
import { Field, Select, TextInput } from '@/components/ui/field';
import { useT } from '@/components/ui/use-t';
import { formatNip } from '@/lib/i18n/format';
import { nipProblem } from '@/components/contractors/contractor-form';
import type { ActionState } from '@/lib/action-state';

export type BuyerKind = 'PL_COMPANY' | 'EU_COMPANY' | 'FOREIGN' | 'CONSUMER';

export interface BuyerOption {
  id: string;
  kind: BuyerKind;
  name: string;
  nip: string | null;
  euVatId: string | null;
  taxId: string | null;
  countryCode: string;
  addressLine1: string;
  addressLine2: string;
}

export type CreateBuyer = (input: unknown) => Promise<ActionState<{ id: string }>>;

interface Props {
  contractors: BuyerOption[];
  value: string;
  error?: string;
  onChange: (id: string) => void;
  createBuyer: CreateBuyer;
}

const taxIdOf = (c: BuyerOption) =>
  c.kind === 'PL_COMPANY' && c.nip ? `NIP ${formatNip(c.nip)}` : c.kind === 'EU_COMPANY' && c.euVatId ? `VAT ${c.countryCode}${c.euVatId}` : c.taxId ? `${c.countryCode} ${c.taxId}` : '';

const blankNew = { kind: 'PL_COMPANY' as BuyerKind, nip: '', name: '', countryCode: '', euVatId: '', taxId: '', addressLine1: '', addressLine2: '', email: '' };

/**
 * Buyer from the tenant's contractors, or a new one added inline (NIP checked as you type). The
 * inline part is not a nested form: its button calls createBuyerAction directly.
 */
export function BuyerPicker({ contractors, value, error, onChange, createBuyer }: Props) {
  const t = useT();
  const [options, setOptions] = useState(contractors);
  const [adding, setAdding] = useState(false);
  const [draft, setDraft] = useState(blankNew);
  const [result, setResult] = useState<ActionState<{ id: string }>>(null);
  const [added, setAdded] = useState<string>();
  const [pending, startTransition] = useTransition();
  const selected = options.find((c) => c.id === value);
  const serverErr = (f: string) => (result && !result.ok && result.fieldErrors[f] ? t(result.fieldErrors[f]!) : undefined);
  const liveNip = draft.kind === 'PL_COMPANY' ? nipProblem(draft.nip) : undefined;
  const nipErr = liveNip ? t(liveNip) : serverErr('nip');
  const nipOk = draft.kind === 'PL_COMPANY' && !nipErr && /^\d{10}$/.test(draft.nip.replace(/[\s-]/g, ''));
  const set = (k: keyof typeof blankNew, v: string) => setDraft((d) => ({ ...d, [k]: v }));

  const submit = () => {
    const d = draft;
    const common = { name: d.name, addressLine1: d.addressLine1, addressLine2: d.addressLine2, email: d.email };
    const input =
      d.kind === 'PL_COMPANY'
        ? { kind: d.kind, nip: d.nip, ...common }
        : d.kind === 'EU_COMPANY'
          ? { kind: d.kind, countryCode: d.countryCode, euVatId: d.euVatId, ...common }
          : d.kind === 'FOREIGN'
            ? { kind: d.kind, countryCode: d.countryCode, ...(d.taxId.trim() ? { taxId: d.taxId } : {}), ...common }
            : { kind: d.kind, ...common };
    startTransition(async () => {
      const res = await createBuyer(input);
      setResult(res);
      if (res?.ok && res.data) {
        const id = typeof res.data === 'string' ? res.data : res.data.id;
        const nip = d.kind === 'PL_COMPANY' ? d.nip.replace(/[\s-]/g, '') : null;
        const option: BuyerOption = {
          id,
          kind: d.kind,
          name: d.name.trim(),
          nip,
          euVatId: d.kind === 'EU_COMPANY' ? d.euVatId.trim().toUpperCase() : null,
          taxId: d.kind === 'FOREIGN' ? d.taxId.trim() || null : null,
          countryCode: d.kind === 'EU_COMPANY' || d.kind === 'FOREIGN' ? d.countryCode.trim().toUpperCase() : 'PL',
          addressLine1: d.addressLine1,
          addressLine2: d.addressLine2,
        };
        setOptions((o) => [...o, option].sort((a, b) => a.name.localeCompare(b.name, 'pl')));
        onChange(id);
        setAdded(option.name);
        setAdding(false);
        setDraft(blankNew);
        setResult(null);
        requestAnimationFrame(() => document.getElementById('buyerContractorId')?.focus());
      }
    });
  };
  // Enter inside the inline fields adds the buyer instead of submitting the whole invoice.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
      e.preventDefault();
      submit();
    }
    if (e.key === 'Escape') setAdding(false);
  };

  return (
    <div className="inv-buyer">
      <Field id="buyerContractorId" label={t('invoiceForm.buyer')} error={error} hint={options.length ? t('invoiceForm.buyerHint') : t('invoiceForm.noContractors')}>
        <Select id="buyerContractorId" name="" value={value} error={error} onChange={(e) => onChange(e.target.value)} aria-describedby={error ? 'buyerContractorId-error' : 'buyerContractorId-hint'}>
          <option value="">{t('invoiceForm.buyerPlaceholder')}</option>
          {options.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
              {taxIdOf(c) ? ` — ${taxIdOf(c)}` : ''}
            </option>
          ))}
        </Select>
      </Field>
      {selected && (
        <p className="muted inv-buyer-summary" data-testid="buyer-summary">
          {[taxIdOf(selected), selected.addressLine1, selected.addressLine2].filter(Boolean).join(' · ')}
        </p>
      )}
      <p className="inv-sr-only" role="status">
        {added ? t('invoiceForm.newBuyerAdded', { name: added }) : ''}
      </p>
      {!adding ? (
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            setAdding(true);
            setAdded(undefined);
            requestAnimationFrame(() => document.getElementById('newBuyer-kind')?.focus());
          }}
          aria-expanded={false}
          aria-controls="new-buyer"
        >
          + {t('invoiceForm.newBuyer')}
        </button>
      ) : (
        <div className="inv-new-buyer" id="new-buyer" role="group" aria-labelledby="new-buyer-title" onKeyDown={onKeyDown}>
          <h3 id="new-buyer-title">{t('invoiceForm.newBuyerTitle')}</h3>
          {result && !result.ok && result.formError && (
            <div className="alert alert-error" role="alert">
              {t(result.formError, result.formParams)}
            </div>
          )}
          <Field id="newBuyer-kind" label={t('invoiceForm.newBuyerKind')}>
            <Select id="newBuyer-kind" name="" value={draft.kind} onChange={(e) => set('kind', e.target.value)}>
              {(['PL_COMPANY', 'EU_COMPANY', 'FOREIGN', 'CONSUMER'] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`contractors.kinds.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <div className="row">
            {draft.kind === 'PL_COMPANY' && (
              <Field id="newBuyer-nip" label={t('invoiceForm.newBuyerNip')} error={nipErr} hint={nipOk ? t('invoiceForm.newBuyerNipOk') : t('invoiceForm.newBuyerNipHint')}>
                <TextInput
                  id="newBuyer-nip"
                  name=""
                  inputMode="numeric"
                  autoComplete="off"
                  value={draft.nip}
                  onChange={(e) => set('nip', e.target.value)}
                  error={nipErr}
                  aria-describedby={nipErr ? 'newBuyer-nip-error' : 'newBuyer-nip-hint'}
                />
              </Field>
            )}
            {(draft.kind === 'EU_COMPANY' || draft.kind === 'FOREIGN') && (
              <Field id="newBuyer-countryCode" label={t('invoiceForm.newBuyerCountry')} error={serverErr('countryCode')}>
                <TextInput id="newBuyer-countryCode" name="" maxLength={2} value={draft.countryCode} onChange={(e) => set('countryCode', e.target.value)} error={serverErr('countryCode')} />
              </Field>
            )}
            {draft.kind === 'EU_COMPANY' && (
              <Field id="newBuyer-euVatId" label={t('invoiceForm.newBuyerEuVatId')} error={serverErr('euVatId')}>
                <TextInput id="newBuyer-euVatId" name="" value={draft.euVatId} onChange={(e) => set('euVatId', e.target.value)} error={serverErr('euVatId')} />
              </Field>
            )}
            {draft.kind === 'FOREIGN' && (
              <Field id="newBuyer-taxId" label={t('invoiceForm.newBuyerTaxId')} error={serverErr('taxId')}>
                <TextInput id="newBuyer-taxId" name="" value={draft.taxId} onChange={(e) => set('taxId', e.target.value)} error={serverErr('taxId')} />
              </Field>
            )}
            <Field id="newBuyer-name" label={t('invoiceForm.newBuyerName')} error={serverErr('name')}>
              <TextInput id="newBuyer-name" name="" value={draft.name} onChange={(e) => set('name', e.target.value)} error={serverErr('name')} />
            </Field>
          </div>
          <div className="row">
            <Field id="newBuyer-address1" label={t('invoiceForm.newBuyerAddress1')} error={serverErr('addressLine1')}>
              <TextInput id="newBuyer-address1" name="" value={draft.addressLine1} onChange={(e) => set('addressLine1', e.target.value)} error={serverErr('addressLine1')} />
            </Field>
            <Field id="newBuyer-address2" label={t('invoiceForm.newBuyerAddress2')} error={serverErr('addressLine2')}>
              <TextInput id="newBuyer-address2" name="" value={draft.addressLine2} onChange={(e) => set('addressLine2', e.target.value)} error={serverErr('addressLine2')} />
            </Field>
            <Field id="newBuyer-email" label={t('invoiceForm.newBuyerEmail')} error={serverErr('email')}>
              <TextInput id="newBuyer-email" name="" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} error={serverErr('email')} />
            </Field>
          </div>
          <div className="row">
            <button type="button" className="btn btn-primary btn-small" onClick={submit} disabled={pending || Boolean(liveNip)} aria-busy={pending}>
              {t('invoiceForm.newBuyerAdd')}
            </button>
            <button
              type="button"
              className="btn btn-small"
              onClick={() => {
                setAdding(false);
                setResult(null);
              }}
            >
              {t('invoiceForm.newBuyerCancel')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
