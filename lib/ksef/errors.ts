/**
 * One typed error hierarchy for everything that can go wrong talking to KSeF (stripe-node style):
 * every error has a stable `code` the app can switch on, an English `message` for logs, and a
 * `reason` with `reasonParams` saying what to tell the user — a code, not a sentence: the UI renders
 * it in the reader's language (lib/i18n, `ksefErrors.<reason>`), and what is stored is the code. KSeF
 * exception codes (HTTP 400 bodies), 403 reason codes and polled status codes are mapped here, in
 * one place (ksef-protocol.md §1.4, §3.6, §7.3).
 *
 * Messages never include tokens, keys or passwords: only codes, reference numbers and KSeF's own texts.
 */

export const KSEF_ERROR_CODES = [
  'KSEF_NO_PERMISSION',
  'KSEF_CERTIFICATE_INVALID',
  'KSEF_AUTHENTICATION_FAILED',
  'KSEF_TOKEN_EXPIRED',
  'KSEF_INVOICE_REJECTED',
  'KSEF_DUPLICATE_INVOICE',
  'KSEF_SESSION_EXPIRED',
  'KSEF_RATE_LIMITED',
  'KSEF_UNAVAILABLE',
  'KSEF_TIMEOUT',
  'KSEF_SEND_AMBIGUOUS',
  'KSEF_NOT_FOUND',
  'KSEF_NOT_READY',
  'KSEF_BAD_REQUEST',
  'KSEF_CONFIG',
  'KSEF_PROTOCOL',
] as const;
export type KsefErrorCode = (typeof KSEF_ERROR_CODES)[number];

/**
 * What the user is told: by default the error's code; these say more where the cause is known.
 * Every reason has a message in lib/i18n (type-checked there); the parameters named with each.
 */
export const KSEF_REASONS = [
  ...KSEF_ERROR_CODES,
  'KSEF_IP_NOT_ALLOWED',
  'KSEF_AUTH_NO_PERMISSIONS',
  'KSEF_AUTH_REVOKED',
  'KSEF_AUTH_INVALID_TOKEN',
  'KSEF_AUTH_BLOCKED',
  'KSEF_INVOICE_PERMISSION_SCOPE',
  'KSEF_INVOICE_SESSION_ERROR',
  /** {code}: KSeF's status code */
  'KSEF_INVOICE_REJECTED_CODE',
  /** {code, details}: KSeF's status code and its own description and details */
  'KSEF_INVOICE_REJECTED_DETAILS',
  /** {since: {dateTime}} */
  'KSEF_CIRCUIT_OPEN',
  /** {max} */
  'KSEF_EXPORT_TOO_MANY_FILES',
  /** {file} */
  'KSEF_EXPORT_CORRUPT_FILE',
  /** {file, mb} */
  'KSEF_EXPORT_FILE_TOO_LARGE',
  /** {mb} */
  'KSEF_EXPORT_TOO_LARGE',
  'KSEF_EXPORT_NOT_ZIP',
  'KSEF_KEY_MISMATCH',
  'KSEF_KEY_UNREADABLE',
  'KSEF_P12_UNREADABLE',
  'KSEF_INVALID_NIP',
] as const;
export type KsefReason = (typeof KSEF_REASONS)[number];

/** Parameters of a reason: plain values, or a date / an instant the UI formats in the reader's locale. */
export type KsefReasonParams = Record<string, string | number | { date: string } | { dateTime: string }>;

export interface KsefErrorInit {
  message?: string;
  /** What to tell the user (default: the error's code). */
  reason?: KsefReason;
  reasonParams?: KsefReasonParams;
  httpStatus?: number;
  /** KSeF exception code (400 body), reasonCode (403) or polled status code. */
  ksefCode?: number | string;
  details?: string[];
  traceId?: string;
  referenceNumber?: string;
  retryable?: boolean;
  cause?: unknown;
}

const DEFAULT_MESSAGES: Record<KsefErrorCode, string> = {
  KSEF_NO_PERMISSION: 'No permission in this KSeF context',
  KSEF_CERTIFICATE_INVALID: 'The certificate was rejected by KSeF (invalid, expired, revoked or untrusted)',
  KSEF_AUTHENTICATION_FAILED: 'Authentication in KSeF failed',
  KSEF_TOKEN_EXPIRED: 'The KSeF session token expired or was revoked; authenticate again',
  KSEF_INVOICE_REJECTED: 'KSeF rejected the invoice',
  KSEF_DUPLICATE_INVOICE: 'This invoice was already accepted by KSeF',
  KSEF_SESSION_EXPIRED: 'The KSeF session is closed or expired',
  KSEF_RATE_LIMITED: 'KSeF rate limit reached',
  KSEF_UNAVAILABLE: 'KSeF is temporarily unavailable',
  KSEF_TIMEOUT: 'KSeF did not answer in time',
  KSEF_SEND_AMBIGUOUS: 'The outcome of sending the invoice is unknown; it must be reconciled before any resend',
  KSEF_NOT_FOUND: 'Not found in KSeF',
  KSEF_NOT_READY: 'Not available in KSeF yet; try again later',
  KSEF_BAD_REQUEST: 'KSeF refused the request',
  KSEF_CONFIG: 'KSeF client configuration error',
  KSEF_PROTOCOL: 'Unexpected response from KSeF',
};

export class KsefError extends Error {
  readonly code: KsefErrorCode;
  readonly reason: KsefReason;
  readonly reasonParams: KsefReasonParams;
  readonly httpStatus?: number;
  readonly ksefCode?: number | string;
  readonly details: string[];
  readonly traceId?: string;
  readonly referenceNumber?: string;
  /** True when repeating the same request later may succeed (transient). */
  readonly retryable: boolean;

  constructor(code: KsefErrorCode, init: KsefErrorInit = {}) {
    super(init.message ?? DEFAULT_MESSAGES[code], init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.reason = init.reason ?? code;
    this.reasonParams = init.reasonParams ?? {};
    this.httpStatus = init.httpStatus;
    this.ksefCode = init.ksefCode;
    this.details = init.details ?? [];
    this.traceId = init.traceId;
    this.referenceNumber = init.referenceNumber;
    this.retryable = init.retryable ?? false;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      reason: this.reason,
      reasonParams: this.reasonParams,
      httpStatus: this.httpStatus,
      ksefCode: this.ksefCode,
      details: this.details,
      traceId: this.traceId,
      referenceNumber: this.referenceNumber,
    };
  }
}

export class KsefPermissionError extends KsefError {
  readonly requiredAnyOf: string[];
  readonly present: string[];
  constructor(init: KsefErrorInit & { requiredAnyOf?: string[]; present?: string[] } = {}) {
    super('KSEF_NO_PERMISSION', init);
    this.requiredAnyOf = init.requiredAnyOf ?? [];
    this.present = init.present ?? [];
  }
}
export class KsefCertificateError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_CERTIFICATE_INVALID', init);
  }
}
export class KsefAuthenticationError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_AUTHENTICATION_FAILED', init);
  }
}
export class KsefTokenExpiredError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_TOKEN_EXPIRED', init);
  }
}
export class KsefInvoiceRejectedError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_INVOICE_REJECTED', init);
  }
}
export class KsefDuplicateInvoiceError extends KsefError {
  readonly originalKsefNumber?: string;
  readonly originalSessionReferenceNumber?: string;
  constructor(init: KsefErrorInit & { originalKsefNumber?: string; originalSessionReferenceNumber?: string } = {}) {
    super('KSEF_DUPLICATE_INVOICE', init);
    this.originalKsefNumber = init.originalKsefNumber;
    this.originalSessionReferenceNumber = init.originalSessionReferenceNumber;
  }
}
export class KsefSessionExpiredError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_SESSION_EXPIRED', init);
  }
}
export class KsefRateLimitError extends KsefError {
  readonly retryAfterSec?: number;
  constructor(init: KsefErrorInit & { retryAfterSec?: number } = {}) {
    super('KSEF_RATE_LIMITED', { retryable: true, ...init });
    this.retryAfterSec = init.retryAfterSec;
  }
}
export class KsefUnavailableError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_UNAVAILABLE', { retryable: true, ...init });
  }
}
export class KsefTimeoutError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_TIMEOUT', { retryable: true, ...init });
  }
}
/** The send may or may not have reached KSeF: the caller must reconcile (by hash) before resending. */
export class KsefAmbiguousSendError extends KsefError {
  readonly invoiceHash: string;
  constructor(invoiceHash: string, init: KsefErrorInit = {}) {
    super('KSEF_SEND_AMBIGUOUS', init);
    this.invoiceHash = invoiceHash;
  }
}
export class KsefNotFoundError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_NOT_FOUND', init);
  }
}
export class KsefNotReadyError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_NOT_READY', { retryable: true, ...init });
  }
}
export class KsefBadRequestError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_BAD_REQUEST', init);
  }
}
export class KsefConfigError extends KsefError {
  /** `message` (English) is for logs; the user is told `reason` (default: a configuration error). */
  constructor(message: string, reason?: KsefReason) {
    super('KSEF_CONFIG', { message, reason });
  }
}
export class KsefProtocolError extends KsefError {
  constructor(init: KsefErrorInit = {}) {
    super('KSEF_PROTOCOL', init);
  }
}

// ---------------------------------------------------------------------------------------------
// Mapping of HTTP error responses

interface ParsedBody {
  codes: { code: number; description?: string; details: string[] }[];
  reasonCode?: string;
  required: string[];
  present: string[];
  traceId?: string;
  title?: string;
  detail?: string;
  referenceNumber?: string;
}

/** Reads both the legacy `exception` JSON and problem-details bodies (ksef-protocol.md §1.4). */
export function parseErrorBody(body: unknown): ParsedBody {
  const out: ParsedBody = { codes: [], required: [], present: [] };
  if (!body || typeof body !== 'object') return out;
  const b = body as Record<string, unknown>;
  const exc = b.exception as Record<string, unknown> | undefined;
  if (exc && typeof exc === 'object') {
    for (const d of (exc.exceptionDetailList as unknown[] | undefined) ?? []) {
      const e = d as Record<string, unknown>;
      out.codes.push({
        code: Number(e.exceptionCode),
        description: typeof e.exceptionDescription === 'string' ? e.exceptionDescription : undefined,
        details: Array.isArray(e.details) ? e.details.map(String) : [],
      });
    }
    if (typeof exc.serviceCtx === 'string') out.traceId = exc.serviceCtx;
    if (typeof exc.referenceNumber === 'string') out.referenceNumber = exc.referenceNumber;
  }
  for (const d of (b.errors as unknown[] | undefined) ?? []) {
    const e = d as Record<string, unknown>;
    out.codes.push({
      code: Number(e.code),
      description: typeof e.description === 'string' ? e.description : undefined,
      details: Array.isArray(e.details) ? e.details.map(String) : [],
    });
  }
  const status = b.status as Record<string, unknown> | undefined;
  if (status && typeof status === 'object' && typeof status.code === 'number' && out.codes.length === 0) {
    out.codes.push({
      code: status.code,
      description: typeof status.description === 'string' ? status.description : undefined,
      details: Array.isArray(status.details) ? status.details.map(String) : [],
    });
  }
  if (typeof b.reasonCode === 'string') out.reasonCode = b.reasonCode;
  const sec = b.security as Record<string, unknown> | undefined;
  if (sec && typeof sec === 'object') {
    if (Array.isArray(sec.requiredAnyOfPermissions)) out.required = sec.requiredAnyOfPermissions.map(String);
    if (Array.isArray(sec.presentPermissions)) out.present = sec.presentPermissions.map(String);
  }
  if (typeof b.traceId === 'string') out.traceId = b.traceId;
  if (typeof b.title === 'string') out.title = b.title;
  if (typeof b.detail === 'string') out.detail = b.detail;
  return out;
}

/** Exception codes (HTTP 400) → error class. Codes from ksef-protocol.md §3.10, §5, §6, §9. */
const CERTIFICATE_CODES = new Set([21115, 21117, 21406, 9105, 9101, 9102, 9103]);
const TOKEN_CODES = new Set([21301, 21304, 21308]);
const SESSION_CODES = new Set([21173, 21180, 21208]);
const NOT_FOUND_CODES = new Set([21164, 21175, 21178]);

export function errorFromResponse(httpStatus: number, body: unknown, opts: { retryAfterSec?: number; operation?: string } = {}): KsefError {
  const p = parseErrorBody(body);
  const first = p.codes[0];
  const details = p.codes.flatMap((c) => [c.description, ...c.details].filter((x): x is string => !!x));
  if (p.detail) details.push(p.detail);
  const where = opts.operation ? ` (${opts.operation})` : '';
  const base: KsefErrorInit = {
    httpStatus,
    ksefCode: p.reasonCode ?? first?.code,
    details,
    traceId: p.traceId,
    referenceNumber: p.referenceNumber,
  };
  const summary = first ? `${first.code}${first.description ? ` ${first.description}` : ''}` : (p.title ?? '');
  const msg = (label: string) => `${label}${where}: HTTP ${httpStatus}${summary ? ` ${summary}` : ''}`;

  if (httpStatus === 429) {
    return new KsefRateLimitError({ ...base, message: msg('Rate limited'), retryAfterSec: opts.retryAfterSec });
  }
  if (httpStatus === 401) {
    return new KsefTokenExpiredError({ ...base, message: msg('Unauthorized') });
  }
  if (httpStatus === 403) {
    return new KsefPermissionError({
      ...base,
      message: msg(`Forbidden${p.reasonCode ? ` [${p.reasonCode}]` : ''}`),
      requiredAnyOf: p.required,
      present: p.present,
      reason: p.reasonCode === 'ip-not-allowed' ? 'KSEF_IP_NOT_ALLOWED' : undefined,
    });
  }
  if (httpStatus === 410) {
    return new KsefNotFoundError({ ...base, message: msg('Gone (status retention expired)') });
  }
  if (httpStatus === 501) {
    // Not implemented is permanent: repeating cannot help.
    return new KsefUnavailableError({ ...base, message: msg('Not implemented by this KSeF environment'), retryable: false });
  }
  if (httpStatus >= 500) {
    return new KsefUnavailableError({ ...base, message: msg('KSeF server error') });
  }
  if (httpStatus === 404) return new KsefNotFoundError({ ...base, message: msg('Not found') });
  const code = first?.code;
  if (code !== undefined) {
    if (CERTIFICATE_CODES.has(code)) return new KsefCertificateError({ ...base, message: msg('Certificate/signature rejected') });
    if (TOKEN_CODES.has(code)) return new KsefTokenExpiredError({ ...base, message: msg('Token not usable') });
    if (SESSION_CODES.has(code)) return new KsefSessionExpiredError({ ...base, message: msg('Session not usable') });
    if (NOT_FOUND_CODES.has(code)) return new KsefNotFoundError({ ...base, message: msg('Not found') });
    if (code === 21165) return new KsefNotReadyError({ ...base, message: msg('Not stored yet') });
    if (code === 21111) return new KsefAuthenticationError({ ...base, message: msg('Invalid challenge'), retryable: true });
  }
  return new KsefBadRequestError({ ...base, message: msg('Bad request') });
}

/** Authentication status (GET /auth/{ref}) → error (ksef-protocol.md §3.6). */
export function errorFromAuthStatus(code: number, description: string | undefined, details: string[] = []): KsefError {
  const init: KsefErrorInit = { ksefCode: code, details, message: `Authentication failed: status ${code} ${description ?? ''}`.trim() };
  switch (code) {
    case 415:
      return new KsefPermissionError({ ...init, reason: 'KSEF_AUTH_NO_PERMISSIONS' });
    case 425:
      return new KsefTokenExpiredError({ ...init, reason: 'KSEF_AUTH_REVOKED' });
    case 450:
      return new KsefAuthenticationError({ ...init, reason: 'KSEF_AUTH_INVALID_TOKEN' });
    case 460:
      return new KsefCertificateError(init);
    case 470:
      return new KsefAuthenticationError(init);
    case 480:
      return new KsefAuthenticationError({ ...init, reason: 'KSEF_AUTH_BLOCKED' });
    case 500:
    case 550:
      return new KsefUnavailableError(init);
    default:
      return new KsefAuthenticationError(init);
  }
}

export interface InvoiceStatusLike {
  code: number;
  description?: string;
  details?: string[] | null;
  extensions?: Record<string, string | null | undefined> | null;
}

/** Final invoice status (≠ 200) → error (ksef-protocol.md §7.3). */
export function errorFromInvoiceStatus(status: InvoiceStatusLike, referenceNumber?: string): KsefError {
  const details = status.details ?? [];
  const init: KsefErrorInit = {
    ksefCode: status.code,
    details,
    referenceNumber,
    message: `Invoice rejected: status ${status.code} ${status.description ?? ''}${details.length ? `: ${details.join('; ')}` : ''}`.trim(),
  };
  switch (status.code) {
    case 440:
      return new KsefDuplicateInvoiceError({
        ...init,
        originalKsefNumber: status.extensions?.originalKsefNumber ?? undefined,
        originalSessionReferenceNumber: status.extensions?.originalSessionReferenceNumber ?? undefined,
      });
    case 410:
      return new KsefPermissionError({ ...init, reason: 'KSEF_INVOICE_PERMISSION_SCOPE' });
    case 405:
      return new KsefSessionExpiredError({ ...init, reason: 'KSEF_INVOICE_SESSION_ERROR' });
    case 500:
    case 550:
      return new KsefUnavailableError(init);
    default: {
      // KSeF's own description and details are its data, shown as KSeF wrote them; the sentence around them is ours.
      const said = [status.description, ...details].filter((x): x is string => !!x).join('; ');
      if (!said) return new KsefInvoiceRejectedError({ ...init, reason: 'KSEF_INVOICE_REJECTED_CODE', reasonParams: { code: status.code } });
      return new KsefInvoiceRejectedError({ ...init, reason: 'KSEF_INVOICE_REJECTED_DETAILS', reasonParams: { code: status.code, details: said } });
    }
  }
}
