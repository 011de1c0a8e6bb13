/**
 * Why an invoice waits or was rejected, as stored: a code in Invoice.statusReason and its
 * parameters in Invoice.statusParams (a JSON object), never a sentence — the page renders it in the
 * reader's language (lib/i18n: `invoiceReasons.<code>`, or `ksefErrors.<reason>` when a KSeF error
 * says why). Rows written by older versions held Polish sentences; the migration
 * `status_reason_codes` turned the known ones into codes, and any other text is shown as it is.
 */
import { KSEF_REASONS, KsefError, type KsefReason, type KsefReasonParams } from '@/lib/ksef/errors';
import type { Message, MessageParams } from '@/lib/i18n';

export const INVOICE_REASONS = [
  /** Delegated mode: our NIP lacks InvoiceWrite in the tenant's context. */
  'HELD_MISSING_INVOICE_WRITE',
  /** Own-certificate mode: the certificate's person lacks InvoiceWrite. */
  'HELD_OWN_MISSING_INVOICE_WRITE',
  'HELD_NIP_UNVERIFIED',
  /** {expiredOn: {date}} */
  'HELD_CERTIFICATE_EXPIRED',
  'HELD_CERTIFICATE_EXPIRED_UNDATED',
  'HELD_CERTIFICATE_MISSING',
  'HELD_OWN_CERTIFICATE_REJECTED',
  'HELD_PROVIDER_CERTIFICATE_REJECTED',
  /** Still QUEUED: the permission check could not reach KSeF. */
  'QUEUED_KSEF_UNREACHABLE',
  /** {number, ksefNumber}: KSeF holds another document under our number. */
  'REJECTED_FOREIGN_DUPLICATE',
] as const;
export type InvoiceReason = (typeof INVOICE_REASONS)[number];

export type StatusReasonCode = InvoiceReason | KsefReason;
export interface StatusReason {
  code: StatusReasonCode;
  params?: KsefReasonParams;
}

const invoiceReasons = new Set<string>(INVOICE_REASONS);
const ksefReasons = new Set<string>(KSEF_REASONS);

/** A stored reason (code and parameters) → the message to render; unknown text (legacy) verbatim. */
export function statusReasonMessage(code: string | null | undefined, params: unknown): Message | null {
  if (!code) return null;
  if (invoiceReasons.has(code)) return { key: `invoiceReasons.${code}`, params: storedParams(params) };
  if (ksefReasons.has(code)) return { key: `ksefErrors.${code}`, params: storedParams(params) };
  return { text: code };
}

/** Only what a parameter can be (a value, a date, an instant): the column is JSON, read defensively. */
function storedParams(raw: unknown): MessageParams {
  const out: MessageParams = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (v && typeof v === 'object' && typeof (v as { date?: unknown }).date === 'string') out[k] = { date: (v as { date: string }).date };
    else if (v && typeof v === 'object' && typeof (v as { dateTime?: unknown }).dateTime === 'string') out[k] = { dateTime: (v as { dateTime: string }).dateTime };
  }
  return out;
}

/** What a KSeF error tells the user, as a message to render; anything else is an unexpected error. */
export function ksefErrorMessage(e: unknown): Message {
  if (e instanceof KsefError) return { key: `ksefErrors.${e.reason}`, params: e.reasonParams };
  return { key: 'ksefErrorUnexpected' };
}
