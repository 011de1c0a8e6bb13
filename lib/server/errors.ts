import 'server-only';
import type { MessageParams } from '@/lib/i18n';

/**
 * The one error type of the use-case layer. `code` is stable (tests and the UI key on it);
 * `field` ties a validation error to a form field; messages are looked up in lib/i18n by code.
 */
export type AppErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'VALIDATION' | 'CONFLICT' | 'INVITATION_INVALID' | 'RATE_LIMITED' | 'UNAVAILABLE';

const httpStatus: Record<AppErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  VALIDATION: 400,
  CONFLICT: 409,
  INVITATION_INVALID: 410,
  RATE_LIMITED: 429,
  /** A service we depend on (the mail server) cannot be used now. */
  UNAVAILABLE: 503,
};

export interface AppErrorOptions {
  code: AppErrorCode;
  /** i18n key of the message shown to the user */
  messageKey: string;
  /** The form field the message belongs to. */
  field?: string;
  /** The message's parameters: values, dates, or messages of their own (e.g. what KSeF said). */
  params?: MessageParams;
  /** Several field errors at once (e.g. the FA(3) business rules of an invoice). */
  fieldErrors?: Record<string, string>;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly messageKey: string;
  readonly field?: string;
  readonly params?: MessageParams;
  readonly fieldErrors?: Record<string, string>;

  constructor({ code, messageKey, field, params, fieldErrors }: AppErrorOptions) {
    super(`${code}: ${messageKey}${field ? ` (${field})` : ''}`);
    this.code = code;
    this.messageKey = messageKey;
    this.field = field;
    this.params = params;
    this.fieldErrors = fieldErrors;
  }

  get httpStatus(): number {
    return httpStatus[this.code];
  }
}

/** Not found and "belongs to someone else" are indistinguishable from outside, on purpose. */
export const notFound = () => new AppError({ code: 'NOT_FOUND', messageKey: 'errors.notFound' });
