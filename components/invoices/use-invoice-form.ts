'use client';
import { startTransition, useMemo, useState, type Dispatch, type FormEvent, type SetStateAction } from 'react';
import { useT } from '@/components/ui/use-t';
import type { ActionState } from '@/lib/action-state';
import { LINE_FIELDS, lineInputId } from './line-items';
import { emptyLine, validateForm, type FormState, type LineState, type SubmitIntent } from './form-state';

export type SaveState = ActionState<{ id: string }>;
type FailedSave = Extract<NonNullable<SaveState>, { ok: false }>;

/** Sets one field of the form; `errorKey` is the error it clears when that differs from the field's name. */
export type UpdateField = <K extends keyof FormState>(key: K, value: FormState[K], errorKey?: string) => void;

/** Field keys rendered next to a control; any other error goes to the summary at the top. */
const PLACED = [
  'buyerContractorId',
  'kind',
  'issueDate',
  'saleDate',
  'issuePlace',
  'currency',
  'exchangeRate',
  'lines',
  'paymentMethod',
  'dueDate',
  'bankAccount',
  'splitPayment',
  'reverseCharge',
  'exemption.basis',
  'exemption.text',
  'notes',
  'correctionReason',
  'correctedInvoiceId',
];

export interface FormErrors {
  failed: FailedSave | undefined;
  /** The i18n key of a field's error, if it shows one. */
  errorOf: (key: string) => string | undefined;
  /** The same error, translated. */
  msg: (key: string) => string | undefined;
  errorCount: number;
  /** Errors with no control of their own, listed in the summary. */
  unplaced: string[];
  /** Hides the server errors of these keys: the user has edited them since. */
  touch: (...keys: string[]) => void;
  /**
   * From now on the browser's own checks of this intent show too (after the first failed submit);
   * `ifShown`: only switch the intent of checks already shown (a later submit of another button).
   */
  showClientErrors: (intent: SubmitIntent, ifShown?: boolean) => void;
}

export function useFormErrors(state: SaveState, form: FormState): FormErrors {
  const t = useT();
  const [attempted, setAttempted] = useState<SubmitIntent | undefined>(undefined);
  // Server errors stay until their field is edited; `for` ties the edits to one server answer.
  const [edited, setEdited] = useState<{ for: SaveState; keys: string[] }>({ for: null, keys: [] });
  const failed = state && !state.ok ? state : undefined;
  const clientErrors = useMemo(() => (attempted ? validateForm(form, attempted) : {}), [attempted, form]);
  const editedKeys = edited.for === state ? edited.keys : [];
  const errorOf = (key: string): string | undefined => clientErrors[key] ?? (editedKeys.includes(key) ? undefined : failed?.fieldErrors[key]);
  const msg = (key: string) => {
    const e = errorOf(key);
    return e ? t(e) : undefined;
  };
  const touch = (...keys: string[]) => setEdited((e) => ({ for: state, keys: [...(e.for === state ? e.keys : []), ...keys] }));
  const allErrors = { ...(failed?.fieldErrors ?? {}), ...clientErrors };
  const errorCount = Object.keys(allErrors).filter((k) => errorOf(k)).length;
  const unplaced = Object.keys(allErrors).filter((k) => errorOf(k) && !PLACED.includes(k) && !/^lines\.\d+\.\w+$/.test(k));
  return { failed, errorOf, msg, errorCount, unplaced, touch, showClientErrors: (intent, ifShown) => setAttempted((a) => (ifShown && !a ? a : intent)) };
}

export interface FormEditing {
  update: UpdateField;
  updateLine: (index: number, field: keyof LineState, value: string) => void;
  addLine: () => void;
  removeLine: (index: number) => void;
  /** Read out by a live region after a line is added or removed. */
  announce: string;
}

export function useFormEditing(form: FormState, setForm: Dispatch<SetStateAction<FormState>>, touch: FormErrors['touch']): FormEditing {
  const t = useT();
  const [announce, setAnnounce] = useState('');
  const update: UpdateField = (key, value, errorKey = key) => {
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
  return { update, updateLine, addLine, removeLine, announce };
}

/**
 * Dispatched by hand, not as <form action>: React resets a form after its action, and a reset puts
 * controlled <select>s back to their first option on screen while the state keeps the old value.
 * Returns the handler and the intent (button) of the submit in flight.
 */
export function useSubmit(form: FormState, pending: boolean, dispatch: (data: FormData) => void, showClientErrors: FormErrors['showClientErrors']) {
  const [intent, setIntent] = useState('');
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (pending) return;
    const el = e.currentTarget;
    const submitter = (e.nativeEvent as SubmitEvent).submitter;
    const data = new FormData(el, submitter instanceof HTMLButtonElement ? submitter : null);
    const asked = String(data.get('intent') ?? 'draft');
    const checked: SubmitIntent = asked === 'issue' || asked === 'issueAndSend' ? asked : 'draft';
    // Saving a draft checks only what is typed; issuing also what an invoice needs (a buyer, complete lines…).
    if (Object.keys(validateForm(form, checked)).length > 0) {
      showClientErrors(checked);
      requestAnimationFrame(() => el.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    showClientErrors(checked, true);
    setIntent(asked);
    startTransition(() => dispatch(data));
  };
  return { intent, onSubmit };
}
