import 'server-only';
/**
 * Own-certificate mode is on but the stored certificate cannot be used (expired, or missing). Sending
 * and permission checks turn this into a held state with a clear reason; nothing is lost.
 */
export class OwnCertificateUnavailableError extends Error {
  constructor(
    readonly reason: 'EXPIRED' | 'MISSING',
    readonly notAfter?: Date,
  ) {
    super(reason === 'EXPIRED' ? `The tenant's own KSeF certificate expired on ${notAfter?.toISOString()}` : 'The tenant is in own-certificate mode but has no certificate');
    this.name = 'OwnCertificateUnavailableError';
  }
}
