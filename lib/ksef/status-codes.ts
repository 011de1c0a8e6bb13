/**
 * What KSeF's numeric status and exception codes mean for a caller, in one place, so no use case
 * compares numbers itself. (Which error class an HTTP error becomes is errors.ts's job.)
 *
 * Session status (GET /sessions/{ref}, sesja-sprawdzenie-stanu-i-pobranie-upo.md): 100 open,
 * 170 closed and waiting, 150 processing — then final: 200 processed, anything else failed.
 * Invoice status (GET /sessions/{ref}/invoices/{ref}): 100 received, 150 processing — then final:
 * 200 accepted, 440 duplicate (KSeF holds it already), 410 permission scope, anything else rejected.
 */
import { KsefError, KsefNotReadyError, KsefSessionExpiredError } from './errors';

const SESSION_OPEN = 100;
const SESSION_CLOSED = 170;
const PROCESSING = 150;
const PROCESSED = 200;
const INVOICE_RECEIVED = 100;
const INVOICE_DUPLICATE = 440;
const INVOICE_PERMISSION_SCOPE = 410;

/** Exception codes (HTTP 400) on a send that say the session, not the invoice, refused it. */
const SESSION_INVOICE_LIMIT = 21155;
/** „Sesja tymczasowo niedostępna” (API 2.8.0, open-api.json: open a new session and go on sending there). */
const SESSION_TEMPORARILY_UNAVAILABLE = 21184;
/** A close or send on a session that is no longer open. */
const SESSION_NOT_OPEN = 21180;
/**
 * „Nie znaleziono UPO dla podanych kryteriów” (HTTP 400, open-api.json, GET …/invoices/ksef/{ksefNumber}/upo
 * and …/invoices/{ref}/upo): KSeF's answer while an accepted invoice's UPO is not generated yet.
 */
const UPO_NOT_FOUND = 21178;

/** The session still takes invoices. */
export const isSessionOpen = (code: number): boolean => code === SESSION_OPEN;

/** Not final yet: open, closed and waiting, or processing. A closed session lists its invoices later. */
export const isSessionStillProcessing = (code: number): boolean => code === SESSION_OPEN || code === SESSION_CLOSED || code === PROCESSING;

/** Processed successfully: its UPO pages appear. */
export const isSessionProcessed = (code: number): boolean => code === PROCESSED;

/** The invoice is not final yet. */
export const isInvoicePending = (code: number): boolean => code === INVOICE_RECEIVED || code === PROCESSING;

export const isInvoiceAccepted = (code: number): boolean => code === PROCESSED;

/** KSeF already holds an invoice of this seller, kind and number (the original's number is in the extensions). */
export const isDuplicateInvoice = (code: number): boolean => code === INVOICE_DUPLICATE;

/**
 * Rejected for the permission scope: the context lost the permission while KSeF processed the
 * invoice (or the seller is not the context). Not a defect of the invoice: it can go again once granted.
 */
export const isPermissionScopeRejection = (code: number): boolean => code === INVOICE_PERMISSION_SCOPE;

/**
 * The session refused the invoice before taking it — full (KSeF's cap may be lower than ours) or
 * temporarily unavailable: the invoice is fine and may go into a new session.
 */
export function isSessionRefusal(e: unknown): boolean {
  const code = e instanceof KsefError ? Number(e.ksefCode) : NaN;
  return code === SESSION_INVOICE_LIMIT || code === SESSION_TEMPORARILY_UNAVAILABLE;
}

/** The session is not open (any more): after a close whose answer was lost, the state we wanted. */
export function isSessionNotOpenError(e: unknown): boolean {
  return e instanceof KsefSessionExpiredError && Number(e.ksefCode) === SESSION_NOT_OPEN;
}

/**
 * The UPO of an accepted invoice is not there yet: KSeF's 21178 for it, or a not-ready answer.
 * Anything else (authentication, 5xx after retries, a malformed answer) is a real error, not a wait.
 */
export function isUpoNotYetAvailable(e: unknown): boolean {
  return e instanceof KsefNotReadyError || (e instanceof KsefError && e.code === 'KSEF_NOT_FOUND' && Number(e.ksefCode) === UPO_NOT_FOUND);
}
