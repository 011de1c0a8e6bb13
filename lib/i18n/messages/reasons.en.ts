import type { ReasonsMessages } from './reasons.types';

const exportRefused = (what: string) => `The export package from KSeF was refused: ${what}. Nothing from it was saved; try synchronising again.`;

export const reasonsEn: ReasonsMessages = {
  invoiceReasons: {
    HELD_MISSING_INVOICE_WRITE: 'Waiting for permission: in KSeF, grant our NIP the „Wystawianie faktur” (InvoiceWrite) permission — the invoice will then be sent automatically (Settings → KSeF).',
    HELD_OWN_MISSING_INVOICE_WRITE:
      'Waiting for permission: the person named in the company’s certificate has no „Wystawianie faktur” (InvoiceWrite) permission in KSeF in the company’s NIP context — the invoice will be sent automatically once it is granted.',
    HELD_NIP_UNVERIFIED:
      'Waiting for confirmation that this account represents the company with this NIP (Settings → KSeF: the verification code in the permission’s description). The invoice will be sent automatically once it is confirmed.',
    HELD_CERTIFICATE_EXPIRED:
      'The company’s KSeF certificate expired on {expiredOn} — upload a new one (Settings → KSeF certificate) or go back to the permissions granted to our company. The invoice is waiting and will be sent automatically.',
    HELD_CERTIFICATE_EXPIRED_UNDATED:
      'The company’s KSeF certificate has expired — upload a new one (Settings → KSeF certificate) or go back to the permissions granted to our company. The invoice is waiting and will be sent automatically.',
    HELD_CERTIFICATE_MISSING: 'Own-certificate mode is on, but the company has no certificate stored — upload it (Settings → KSeF certificate). The invoice is waiting and will be sent automatically.',
    HELD_OWN_CERTIFICATE_REJECTED: 'KSeF rejected the company’s certificate — check it and upload it again (Settings → KSeF certificate). The invoice is waiting and will be sent automatically.',
    HELD_PROVIDER_CERTIFICATE_REJECTED: 'KSeF rejected the service provider’s certificate. We are working on it; the invoice is waiting and will be sent automatically.',
    QUEUED_KSEF_UNREACHABLE: 'KSeF is temporarily unavailable — the invoice will be sent automatically when the connection is back.',
    REJECTED_FOREIGN_DUPLICATE:
      'KSeF already holds another invoice of this company numbered {number} (KSeF number {ksefNumber}), sent from outside our application — KSeF did not accept this invoice. Check in KSeF what that document is; cancel this invoice and issue it again under a new number (e.g. in another series).',
  },
  ksefErrors: {
    KSEF_NO_PERMISSION: 'No permission in KSeF in this context (NIP). Ask the company’s owner to grant permissions to issue/view invoices.',
    KSEF_CERTIFICATE_INVALID: 'KSeF rejected the certificate (invalid, expired, revoked or untrusted).',
    KSEF_AUTHENTICATION_FAILED: 'Authentication in KSeF failed.',
    KSEF_TOKEN_EXPIRED: 'The KSeF session expired or was revoked. Authenticate again.',
    KSEF_INVOICE_REJECTED: 'KSeF rejected the invoice.',
    KSEF_DUPLICATE_INVOICE: 'KSeF has already accepted this invoice (duplicate).',
    KSEF_SESSION_EXPIRED: 'The KSeF sending session was closed or expired.',
    KSEF_RATE_LIMITED: 'Too many requests to KSeF. Try again in a moment.',
    KSEF_UNAVAILABLE: 'KSeF is temporarily unavailable. Try again later.',
    KSEF_TIMEOUT: 'KSeF did not answer in time.',
    KSEF_SEND_AMBIGUOUS: 'It is not known whether the invoice reached KSeF. Its status will be checked before it is sent again.',
    KSEF_NOT_FOUND: 'Not found in KSeF.',
    KSEF_NOT_READY: 'The document is not available in KSeF yet. Try again later.',
    KSEF_BAD_REQUEST: 'KSeF refused the request.',
    KSEF_CONFIG: 'KSeF connection configuration error.',
    KSEF_PROTOCOL: 'Unexpected answer from KSeF.',
    KSEF_IP_NOT_ALLOWED: 'KSeF refused the request from this IP address (the session’s IP address policy).',
    KSEF_AUTH_NO_PERMISSIONS: 'No permissions assigned in KSeF in this context (NIP). The client must grant permissions to the provider.',
    KSEF_AUTH_REVOKED: 'The KSeF authentication was revoked.',
    KSEF_AUTH_INVALID_TOKEN: 'Invalid KSeF token or authorisation challenge.',
    KSEF_AUTH_BLOCKED: 'KSeF has blocked authentication in this context.',
    KSEF_INVOICE_PERMISSION_SCOPE: 'KSeF rejected the invoice: wrong permission scope (the seller does not match the context, or the permissions were revoked).',
    KSEF_INVOICE_SESSION_ERROR: 'Processing of the invoice was cancelled because of a session error.',
    KSEF_INVOICE_REJECTED_CODE: 'KSeF rejected the invoice (code {code}).',
    KSEF_INVOICE_REJECTED_DETAILS: 'KSeF rejected the invoice (code {code}): {details}',
    KSEF_CIRCUIT_OPEN: 'KSeF has not been answering since {since} — we will retry automatically.',
    KSEF_EXPORT_TOO_MANY_FILES: exportRefused('more than {max} files'),
    KSEF_EXPORT_CORRUPT_FILE: exportRefused('corrupt file {file}'),
    KSEF_EXPORT_FILE_TOO_LARGE: exportRefused('file {file} exceeds {mb} MB when unpacked'),
    KSEF_EXPORT_TOO_LARGE: exportRefused('it exceeds {mb} MB when unpacked'),
    KSEF_EXPORT_NOT_ZIP: exportRefused('it is not a valid ZIP archive'),
    KSEF_KEY_MISMATCH: 'The private key does not match the certificate.',
    KSEF_KEY_UNREADABLE: 'The private key cannot be read (wrong format or password).',
    KSEF_P12_UNREADABLE: 'The PKCS#12 file cannot be read (wrong format or password).',
    KSEF_INVALID_NIP: 'Invalid NIP format.',
  },
  ksefErrorUnexpected: 'Unexpected error talking to KSeF.',
};
