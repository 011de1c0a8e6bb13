'use client';
import { useActionState, useState } from 'react';
import Link from 'next/link';
import { Field, Select, TextInput } from '@/components/ui/field';
import { SubmitButton } from '@/components/ui/submit-button';
import { useT } from '@/components/ui/use-t';
import { isValidNip } from '@/lib/fa3/nip';
import type { ActionState } from '@/lib/action-state';

type Kind = 'PL_COMPANY' | 'EU_COMPANY' | 'FOREIGN' | 'CONSUMER';
export interface ContractorValues {
  id?: string;
  kind: Kind;
  name: string;
  nip?: string | null;
  euVatId?: string | null;
  taxId?: string | null;
  countryCode?: string;
  addressLine1?: string;
  addressLine2?: string;
  email?: string | null;
}

/** NIP is checked as you type (format, then checksum); the server checks again on save. */
export function nipProblem(value: string): string | undefined {
  const digits = value.replace(/[\s-]/g, '');
  if (!digits) return undefined;
  if (!/^\d{10}$/.test(digits)) return digits.length < 10 ? undefined : 'validation.nipFormat';
  return isValidNip(digits) ? undefined : 'validation.nipChecksum';
}

export function ContractorForm({ action, initial }: { action: (p: ActionState, f: FormData) => Promise<ActionState>; initial?: ContractorValues }) {
  const t = useT();
  const [state, formAction] = useActionState(action, null);
  const [kind, setKind] = useState<Kind>(initial?.kind ?? 'PL_COMPANY');
  const [nip, setNip] = useState(initial?.nip ?? '');
  const serverErr = (f: string) => (state && !state.ok && state.fieldErrors[f] ? t(state.fieldErrors[f]!) : undefined);
  // After a failed save React resets the form: refill it with what was submitted.
  const sv = state && !state.ok ? state.values : undefined;
  const liveNip = nipProblem(nip);
  const nipErr = liveNip ? t(liveNip) : serverErr('nip');
  return (
    <form action={formAction} noValidate className="card">
      {state && !state.ok && state.formError && (
        <div className="alert alert-error" role="alert">
          {t(state.formError, state.formParams)}
        </div>
      )}
      {initial?.id && <input type="hidden" name="id" value={initial.id} />}
      <Field id="kind" label={t('contractors.kind')}>
        <Select id="kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
          {(['PL_COMPANY', 'EU_COMPANY', 'FOREIGN', 'CONSUMER'] as const).map((k) => (
            <option key={k} value={k}>
              {t(`contractors.kinds.${k}`)}
            </option>
          ))}
        </Select>
      </Field>
      {kind === 'PL_COMPANY' && (
        <Field id="nip" label={t('contractors.nip')} error={nipErr}>
          <TextInput id="nip" inputMode="numeric" value={nip} onChange={(e) => setNip(e.target.value)} error={nipErr} required />
        </Field>
      )}
      {(kind === 'EU_COMPANY' || kind === 'FOREIGN') && (
        <Field id="countryCode" label={t('contractors.country')} error={serverErr('countryCode')}>
          <TextInput id="countryCode" maxLength={2} defaultValue={sv?.countryCode ?? (initial?.countryCode === 'PL' ? '' : initial?.countryCode)} error={serverErr('countryCode')} required />
        </Field>
      )}
      {kind === 'EU_COMPANY' && (
        <Field id="euVatId" label={t('contractors.euVatId')} error={serverErr('euVatId')}>
          <TextInput id="euVatId" defaultValue={sv?.euVatId ?? initial?.euVatId ?? ''} error={serverErr('euVatId')} required />
        </Field>
      )}
      {kind === 'FOREIGN' && (
        <Field id="taxId" label={t('contractors.taxId')} error={serverErr('taxId')}>
          <TextInput id="taxId" defaultValue={sv?.taxId ?? initial?.taxId ?? ''} error={serverErr('taxId')} />
        </Field>
      )}
      <Field id="name" label={t('contractors.name')} error={serverErr('name')}>
        <TextInput id="name" defaultValue={sv?.name ?? initial?.name} error={serverErr('name')} required />
      </Field>
      <div className="row">
        <Field id="addressLine1" label={t('contractors.address1')} error={serverErr('addressLine1')}>
          <TextInput id="addressLine1" defaultValue={sv?.addressLine1 ?? initial?.addressLine1} error={serverErr('addressLine1')} />
        </Field>
        <Field id="addressLine2" label={t('contractors.address2')} error={serverErr('addressLine2')}>
          <TextInput id="addressLine2" defaultValue={sv?.addressLine2 ?? initial?.addressLine2} error={serverErr('addressLine2')} />
        </Field>
      </div>
      <Field id="email" label={t('contractors.email')} error={serverErr('email')}>
        <TextInput id="email" type="email" defaultValue={sv?.email ?? initial?.email ?? ''} error={serverErr('email')} />
      </Field>
      <div className="row">
        <SubmitButton>{t('contractors.save')}</SubmitButton>
        <Link href="/contractors" className="btn">
          {t('contractors.cancel')}
        </Link>
      </div>
    </form>
  );
}
