import type { MessageParams } from '@/lib/i18n';

/**
 * The one error type of the use-case layer. `code` is stable (tests and the UI key on it);
 * `field` ties a validation error to a form field; messages are looked up in lib/i18n by code.
 */
export type AppErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'INVITATION_INVALID'
  | 'RATE_LIMITED';

const httpStatus: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  INVITATION_INVALID: 410,
  RATE_LIMITED: 429,
};

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    /** i18n key of the message shown to the user */
    readonly messageKey: string,
    readonly field?: string,
    /** Values, dates, or messages of their own (e.g. what KSeF said). */
    readonly params?: MessageParams,
    /** Several field errors at once (e.g. the FA(3) business rules of an invoice). */
    readonly fieldErrors?: Record<string, string>,
  ) {
    super(`${code}: ${messageKey}${field ? ` (${field})` : ''}`);
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

/** Not found and "belongs to someone else" are indistinguishable from outside, on purpose. */
export const notFound = () => new AppError('NOT_FOUND', 'errors.notFound');
