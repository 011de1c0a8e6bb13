/**
 * One typed error hierarchy for everything that can go wrong talking to KSeF (stripe-node style):
 * every error has a stable `code` the app can switch on, an English `message` for logs and a Polish
 * `messagePl` for the UI. KSeF exception codes (HTTP 400 bodies), 403 reason codes and polled status
 * codes are mapped here, in one place (ksef-protocol.md §1.4, §3.6, §7.3).
 *
 * Messages never include tokens, keys or passwords: only codes, reference numbers and KSeF's own texts.
 */

export type KsefErrorCode =
  | 'KSEF_NO_PERMISSION'
  | 'KSEF_CERTIFICATE_INVALID'
  | 'KSEF_AUTHENTICATION_FAILED'
  | 'KSEF_TOKEN_EXPIRED'
  | 'KSEF_INVOICE_REJECTED'
  | 'KSEF_DUPLICATE_INVOICE'
  | 'KSEF_SESSION_EXPIRED'
  | 'KSEF_RATE_LIMITED'
  | 'KSEF_UNAVAILABLE'
  | 'KSEF_TIMEOUT'
  | 'KSEF_SEND_AMBIGUOUS'
  | 'KSEF_NOT_FOUND'
  | 'KSEF_NOT_READY'
  | 'KSEF_BAD_REQUEST'
  | 'KSEF_CONFIG'
  | 'KSEF_PROTOCOL';

export interface KsefErrorInit {
  message?: string;
  messagePl?: string;
  httpStatus?: number;
  /** KSeF exception code (400 body), reasonCode (403) or polled status code. */
  ksefCode?: number | string;
  details?: string[];
  traceId?: string;
  referenceNumber?: string;
  retryable?: boolean;
  cause?: unknown;
}

const DEFAULT_MESSAGES: Record<KsefErrorCode, { en: string; pl: string }> = {
  KSEF_NO_PERMISSION: {
    en: 'No permission in this KSeF context',
    pl: 'Brak uprawnień w KSeF dla tego kontekstu (NIP). Poproś właściciela firmy o nadanie uprawnień do wystawiania/odczytu faktur.',
  },
  KSEF_CERTIFICATE_INVALID: {
    en: 'The certificate was rejected by KSeF (invalid, expired, revoked or untrusted)',
    pl: 'Certyfikat został odrzucony przez KSeF (nieważny, wygasły, unieważniony lub niezaufany).',
  },
  KSEF_AUTHENTICATION_FAILED: {
    en: 'Authentication in KSeF failed',
    pl: 'Uwierzytelnienie w KSeF nie powiodło się.',
  },
  KSEF_TOKEN_EXPIRED: {
    en: 'The KSeF session token expired or was revoked; authenticate again',
    pl: 'Sesja KSeF wygasła lub została unieważniona. Należy uwierzytelnić się ponownie.',
  },
  KSEF_INVOICE_REJECTED: {
    en: 'KSeF rejected the invoice',
    pl: 'KSeF odrzucił fakturę.',
  },
  KSEF_DUPLICATE_INVOICE: {
    en: 'This invoice was already accepted by KSeF',
    pl: 'Ta faktura została już wcześniej przyjęta przez KSeF (duplikat).',
  },
  KSEF_SESSION_EXPIRED: {
    en: 'The KSeF session is closed or expired',
    pl: 'Sesja wysyłki w KSeF została zamknięta lub wygasła.',
  },
  KSEF_RATE_LIMITED: {
    en: 'KSeF rate limit reached',
    pl: 'Przekroczono limit zapytań do KSeF. Spróbuj ponownie za chwilę.',
  },
  KSEF_UNAVAILABLE: {
    en: 'KSeF is temporarily unavailable',
    pl: 'KSeF jest chwilowo niedostępny. Spróbuj ponownie później.',
  },
  KSEF_TIMEOUT: {
    en: 'KSeF did not answer in time',
    pl: 'KSeF nie odpowiedział w wyznaczonym czasie.',
  },
  KSEF_SEND_AMBIGUOUS: {
    en: 'The outcome of sending the invoice is unknown; it must be reconciled before any resend',
    pl: 'Nie wiadomo, czy faktura dotarła do KSeF. Status zostanie sprawdzony przed ponowną wysyłką.',
  },
  KSEF_NOT_FOUND: { en: 'Not found in KSeF', pl: 'Nie znaleziono w KSeF.' },
  KSEF_NOT_READY: {
    en: 'Not available in KSeF yet; try again later',
    pl: 'Dokument nie jest jeszcze dostępny w KSeF. Spróbuj ponownie później.',
  },
  KSEF_BAD_REQUEST: { en: 'KSeF refused the request', pl: 'KSeF odrzucił żądanie.' },
  KSEF_CONFIG: { en: 'KSeF client configuration error', pl: 'Błąd konfiguracji połączenia z KSeF.' },
  KSEF_PROTOCOL: {
    en: 'Unexpected response from KSeF',
    pl: 'Nieoczekiwana odpowiedź z KSeF.',
  },
};

export class KsefError extends Error {
  readonly code: KsefErrorCode;
  readonly messagePl: string;
  readonly httpStatus?: number;
  readonly ksefCode?: number | string;
  readonly details: string[];
  readonly traceId?: string;
  readonly referenceNumber?: string;
  /** True when repeating the same request later may succeed (transient). */
  readonly retryable: boolean;

  constructor(code: KsefErrorCode, init: KsefErrorInit = {}) {
    const defaults = DEFAULT_MESSAGES[code];
    super(init.message ?? defaults.en, init.cause !== undefined ? { cause: init.cause } : undefined);
    this.name = new.target.name;
    this.code = code;
    this.messagePl = init.messagePl ?? defaults.pl;
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
      messagePl: this.messagePl,
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
  constructor(message: string, messagePl?: string) {
    super('KSEF_CONFIG', { message, messagePl: messagePl ?? `Błąd konfiguracji KSeF: ${message}` });
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

export function errorFromResponse(
  httpStatus: number,
  body: unknown,
  opts: { retryAfterSec?: number; operation?: string } = {},
): KsefError {
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
      messagePl:
        p.reasonCode === 'ip-not-allowed'
          ? 'KSeF odrzucił żądanie z tego adresu IP (polityka adresów IP sesji).'
          : undefined,
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
      return new KsefPermissionError({
        ...init,
        messagePl: 'Brak przypisanych uprawnień w KSeF dla tego kontekstu (NIP). Klient musi nadać uprawnienia dostawcy.',
      });
    case 425:
      return new KsefTokenExpiredError({ ...init, messagePl: 'Uwierzytelnienie w KSeF zostało unieważnione.' });
    case 450:
      return new KsefAuthenticationError({ ...init, messagePl: 'Nieprawidłowy token KSeF lub wyzwanie autoryzacyjne.' });
    case 460:
      return new KsefCertificateError(init);
    case 470:
      return new KsefAuthenticationError(init);
    case 480:
      return new KsefAuthenticationError({ ...init, messagePl: 'Uwierzytelnianie w tym kontekście jest zablokowane przez KSeF.' });
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
      return new KsefPermissionError({
        ...init,
        messagePl: 'KSeF odrzucił fakturę: nieprawidłowy zakres uprawnień (sprzedawca nie odpowiada kontekstowi lub cofnięto uprawnienia).',
      });
    case 405:
      return new KsefSessionExpiredError({ ...init, messagePl: 'Przetwarzanie faktury anulowane z powodu błędu sesji.' });
    case 500:
    case 550:
      return new KsefUnavailableError(init);
    default:
      return new KsefInvoiceRejectedError({
        ...init,
        messagePl: `KSeF odrzucił fakturę (kod ${status.code}${status.description ? `: ${status.description}` : ''})${details.length ? `: ${details.join('; ')}` : '.'}`,
      });
  }
}

/** The one place the UI asks for a message to show: Polish by default. */
export function userMessage(err: unknown, lang: 'pl' | 'en' = 'pl'): string {
  if (err instanceof KsefError) return lang === 'pl' ? err.messagePl : err.message;
  return lang === 'pl' ? 'Nieoczekiwany błąd komunikacji z KSeF.' : 'Unexpected error talking to KSeF.';
}
