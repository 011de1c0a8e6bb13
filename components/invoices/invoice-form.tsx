'use client';
import { useActionState, useEffect, useMemo, useRef, useState } from 'react';
import { useT } from '@/components/ui/use-t';
import type { InvoiceFormInput } from '@/lib/invoices/form';
import type { Line } from '@/lib/fa3/model';
import type { ActionState } from '@/lib/action-state';
import type { BuyerOption, CreateBuyer } from './buyer-picker';
import { initialFormState, liveTotals, toPayload, type FormState } from './form-state';
import { AnnotationsSection, CorrectionSection, DatesSection, FormAlerts, FormButtons, LinesSection, PartiesSection, PaymentSection, TotalsSection } from './invoice-form-sections';
import { useFormEditing, useFormErrors, useSubmit } from './use-invoice-form';

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

export function InvoiceForm({ action, createBuyer, contractors, initial, draftId, today, correction, cancelHref, savedNotice }: InvoiceFormProps) {
  const t = useT();
  const [state, dispatch, pending] = useActionState(action, null);
  const [form, setForm] = useState<FormState>(() => initialFormState(initial, today));
  const errors = useFormErrors(state, form);
  const editing = useFormEditing(form, setForm, errors.touch);
  const { intent, onSubmit } = useSubmit(form, pending, dispatch, errors.showClientErrors);
  const summaryRef = useRef<HTMLDivElement>(null);

  const id = errors.failed?.values?.id || draftId || '';
  const totals = useMemo(() => liveTotals(form, correction?.beforeLines ?? []), [form, correction]);
  const payload = useMemo(() => JSON.stringify(toPayload(form)), [form]);
  const isCorrection = form.kind === 'KOR';
  const fields = { form, msg: errors.msg, update: editing.update };

  useEffect(() => {
    if (state && !state.ok) summaryRef.current?.focus();
  }, [state]);
  // Marks the form interactive (hydrated), so browser tests don't type into server HTML React will replace.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => formRef.current?.setAttribute('data-ready', 'true'), []);

  return (
    <form onSubmit={onSubmit} noValidate className="inv-form" ref={formRef} aria-describedby={errors.errorCount || errors.failed?.formError ? 'inv-summary' : undefined}>
      <input type="hidden" name="payload" value={payload} />
      {id && <input type="hidden" name="id" value={id} />}
      <FormAlerts errors={errors} savedNotice={savedNotice} summaryRef={summaryRef} />
      {isCorrection && <CorrectionSection {...fields} correction={correction} />}
      <PartiesSection {...fields} contractors={contractors} createBuyer={createBuyer} />
      <DatesSection {...fields} />
      <LinesSection {...fields} editing={editing} />
      <TotalsSection totals={totals} currency={form.currency} correction={isCorrection && Boolean(correction)} />
      <PaymentSection {...fields} />
      <AnnotationsSection {...fields} />
      <div className="inv-actions">
        <FormButtons cancelHref={cancelHref} pending={pending} intent={intent} />
        <p className="muted">{t('invoiceForm.actionsHint')}</p>
      </div>
    </form>
  );
}
