import { z } from 'zod';
import { AppError } from '@/lib/server/errors';
import { fieldErrors } from '@/lib/server/validation';
import { logger } from '@/lib/logger';
import type { ActionState } from '@/lib/action-state';

export type { ActionState } from '@/lib/action-state';

/** The one place use-case errors become form errors; unexpected errors are logged, never shown. */
export async function runAction<T>(fn: () => Promise<T>, submitted?: Record<string, string>): Promise<ActionState<T>> {
  const values = submitted ? Object.fromEntries(Object.entries(submitted).filter(([k]) => !/password/i.test(k))) : undefined;
  try {
    return { ok: true, data: await fn() };
  } catch (e) {
    if (e instanceof z.ZodError) return { ok: false, fieldErrors: fieldErrors(e), values };
    if (e instanceof AppError) {
      if (e.fieldErrors) return { ok: false, fieldErrors: e.fieldErrors, formError: e.messageKey, values };
      return e.field ? { ok: false, fieldErrors: { [e.field]: e.messageKey }, formParams: e.params, values } : { ok: false, fieldErrors: {}, formError: e.messageKey, formParams: e.params, values };
    }
    // Next's redirect()/notFound() are thrown on purpose: let them through.
    if (e && typeof e === 'object' && 'digest' in e) throw e;
    logger.error({ err: e }, 'action failed');
    return { ok: false, fieldErrors: {}, formError: 'errors.unexpected', values };
  }
}

/**
 * A server action is a public endpoint: whatever a client posts arrives as its arguments, not only
 * what our form sends. Anything but a FormData is taken as an empty form (each field then fails its
 * own validation), never a TypeError and a 500.
 */
export function asForm(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}

export function formToObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of form.entries()) if (typeof v === 'string' && !k.startsWith('$ACTION')) out[k] = v;
  return out;
}
