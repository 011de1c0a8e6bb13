import 'server-only';
import { z } from 'zod';
import { isValidNip } from '@/lib/fa3/nip';
import { explainXsdError, isXsdMessage } from '@/lib/fa3/validate';
import type { Translate } from '@/lib/i18n';
import { pl } from '@/lib/i18n/messages/pl';
import { FA3_ELEMENT_FIELD } from '@/lib/invoices/form';
import { logger } from '@/lib/logger';

/** Shared input schemas: messages are i18n keys, rendered next to the field. */
export const nipSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(
    z
      .string()
      .regex(/^\d{10}$/, 'validation.nipFormat')
      .refine(isValidNip, 'validation.nipChecksum'),
  );

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email('validation.email').max(254, 'validation.email'));

export const passwordSchema = z.string().min(10, 'validation.passwordLength').max(200, 'validation.passwordLength');

export const companyNameSchema = z.string().trim().min(2, 'validation.companyName').max(256, 'validation.companyName');

export const roleSchema = z.enum(['OWNER', 'ACCOUNTANT', 'VIEWER'], 'validation.role');

export const uuidSchema = z.uuid('errors.notFound');

export type FieldErrors = Record<string, string>;

/** Whether `key` names a message (in pl.ts, the source of truth for keys). */
export function isMessageKey(key: string): boolean {
  let node: unknown = pl;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return false;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string';
}

/**
 * One zod issue → the i18n key shown at its field. A text over its maximum says the maximum
 * (`validation.maxLength.N`, whatever message the schema gave); a schema's own key is kept; zod's
 * English defaults never reach a user (`validation.required` for an empty required text, else
 * `validation.invalid`).
 */
function messageKeyOf(issue: z.core.$ZodIssue): string {
  if (issue.code === 'too_big' && issue.origin === 'string') {
    const key = `validation.maxLength.${String(issue.maximum)}`;
    if (isMessageKey(key)) return key;
  }
  if (isMessageKey(issue.message)) return issue.message;
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1) return 'validation.required';
  return 'validation.invalid';
}

/** zod issues → { field: i18n key } (first issue per field). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= messageKeyOf(issue);
  }
  return out;
}

/** zod's English default messages (a schema that gave none): never shown as they are. */
const ZOD_DEFAULT = /^(Invalid|Too big|Too small|Expected|Unrecognized key)/;

/**
 * The field errors of a refused issue, safe to show: the FA(3) rule messages (Polish sentences) and
 * i18n keys stay; an official-XSD failure in libxml2's English (or a zod default) is logged and
 * replaced by a message in the reader's language at the form field its element comes from
 * (lib/invoices/form.ts FA3_ELEMENT_FIELD) — the field's own limit message where the form has one,
 * else the element named in words. The form's schema catches these limits before issuing, so this
 * is the net for data that did not come from the form (the buyer, the company) or a gap in it.
 */
export function safeInvoiceFieldErrors(errors: FieldErrors, t: Translate): FieldErrors {
  const out: FieldErrors = {};
  const later: [string, string][] = [];
  for (const [field, message] of Object.entries(errors)) {
    if (isMessageKey(message) || (!isXsdMessage(message) && !ZOD_DEFAULT.test(message))) out[field] = message;
    else later.push([field, message]);
  }
  for (const [field, message] of later) {
    logger.warn({ field, validator: message }, 'invoice refused by a validator message the form does not map; shown as a generic message');
    if (!isXsdMessage(message)) {
      out[field] ??= field === '_form' ? 'validation.fa3.document' : 'validation.invalid';
      continue;
    }
    const problem = explainXsdError({ message });
    // The field issuing found from the element's path wins; from the message alone, the element's usual field.
    const at = field !== '_form' ? field : (FA3_ELEMENT_FIELD[problem.element] ?? '_form');
    out[at] ??= xsdMessage(at, problem, t);
  }
  return out;
}

function xsdMessage(field: string, problem: ReturnType<typeof explainXsdError>, t: Translate): string {
  const range = problem.kind === 'maxInclusive' || problem.kind === 'minInclusive';
  if (range && (field === 'issueDate' || field === 'saleDate' || field === 'dueDate')) return `validation.${field}Range`;
  if (field === 'currency' && problem.kind === 'enumeration') return 'validation.currencyUnknown';
  if (problem.kind === 'maxLength' && problem.limit && field !== '_form' && field !== 'lines' && isMessageKey(`validation.maxLength.${problem.limit}`)) return `validation.maxLength.${problem.limit}`;
  if (field === 'lines') return t('validation.fa3.lines', { element: problem.label });
  if (field !== '_form') return 'validation.fa3.field';
  if (!problem.element) return 'validation.fa3.document';
  if (problem.kind === 'maxLength' && problem.limit) return t('validation.fa3.elementTooLong', { element: problem.label, max: problem.limit });
  return t('validation.fa3.element', { element: problem.label });
}
