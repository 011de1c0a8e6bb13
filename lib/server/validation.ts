import 'server-only';
import { z } from 'zod';
import { isValidNip } from '@/lib/fa3/nip';

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

/** zod issues → { field: i18n key } (first issue per field). */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= issue.message.startsWith('validation.') || issue.message.startsWith('errors.') ? issue.message : 'validation.invalid';
  }
  return out;
}
