import { describe, expect, it } from 'vitest';
import { KsefBadRequestError, KsefNotReadyError, KsefProtocolError, KsefSessionExpiredError, errorFromResponse } from '@/lib/ksef/errors';
import { outcomeOf, type SessionInvoiceStatus } from '@/lib/ksef/sessions/common';
import {
  isDuplicateInvoice,
  isInvoiceAccepted,
  isInvoicePending,
  isPermissionScopeRejection,
  isSessionNotOpenError,
  isSessionOpen,
  isSessionProcessed,
  isSessionRefusal,
  isSessionStillProcessing,
  isUpoNotYetAvailable,
} from '@/lib/ksef/status-codes';

const exception = (code: number) => ({ exception: { exceptionDetailList: [{ exceptionCode: code, exceptionDescription: 'x' }] } });

describe('KSeF status codes', () => {
  it('session: open 100, closed-and-waiting 170 and processing 150 are not final; 200 and failures are', () => {
    expect([100, 150, 170].map(isSessionStillProcessing)).toEqual([true, true, true]);
    expect([200, 405, 415, 440, 445, 500].map(isSessionStillProcessing)).toEqual([false, false, false, false, false, false]);
    expect([100, 170, 150].map(isSessionOpen)).toEqual([true, false, false]);
    expect([200, 170, 440].map(isSessionProcessed)).toEqual([true, false, false]);
  });

  it('invoice: 100/150 pending, 200 accepted, 440 duplicate, 410 permission scope', () => {
    expect([100, 150, 200, 440].map(isInvoicePending)).toEqual([true, true, false, false]);
    expect([200, 100, 440].map(isInvoiceAccepted)).toEqual([true, false, false]);
    expect([440, 200, 410].map(isDuplicateInvoice)).toEqual([true, false, false]);
    expect([410, 440, 450].map(isPermissionScopeRejection)).toEqual([true, false, false]);
  });

  it('a send refused by the session (full 21155, temporarily unavailable 21184) is told apart from a refused invoice', () => {
    expect(isSessionRefusal(errorFromResponse(400, exception(21155)))).toBe(true);
    expect(isSessionRefusal(errorFromResponse(400, exception(21184)))).toBe(true);
    expect(isSessionRefusal(new KsefBadRequestError({ ksefCode: '21184' }))).toBe(true);
    expect(isSessionRefusal(errorFromResponse(400, exception(21405)))).toBe(false);
    expect(isSessionRefusal(new Error('21155'))).toBe(false);
  });

  it('21180 on a close means the session is no longer open', () => {
    const notOpen = errorFromResponse(400, exception(21180));
    expect(notOpen).toBeInstanceOf(KsefSessionExpiredError);
    expect(isSessionNotOpenError(notOpen)).toBe(true);
    expect(isSessionNotOpenError(errorFromResponse(400, exception(21173)))).toBe(false);
    expect(isSessionNotOpenError(new KsefBadRequestError({ ksefCode: 21180 }))).toBe(false);
  });

  it('a UPO is "not yet available" only on KSeF\'s 21178 for it (or a not-ready answer), nothing else', () => {
    expect(isUpoNotYetAvailable(errorFromResponse(400, exception(21178)))).toBe(true);
    expect(isUpoNotYetAvailable(new KsefNotReadyError())).toBe(true);
    // Real errors: auth, 5xx after retries, a malformed answer, another 400, another not-found.
    expect(isUpoNotYetAvailable(errorFromResponse(401, {}))).toBe(false);
    expect(isUpoNotYetAvailable(errorFromResponse(403, { reasonCode: 'missing-permissions' }))).toBe(false);
    expect(isUpoNotYetAvailable(errorFromResponse(500, {}))).toBe(false);
    expect(isUpoNotYetAvailable(errorFromResponse(503, {}))).toBe(false);
    expect(isUpoNotYetAvailable(new KsefProtocolError({ message: 'UPO: content hash does not match x-ms-meta-hash' }))).toBe(false);
    expect(isUpoNotYetAvailable(errorFromResponse(400, exception(21405)))).toBe(false);
    expect(isUpoNotYetAvailable(errorFromResponse(400, exception(21173)))).toBe(false); // no such session
    expect(isUpoNotYetAvailable(errorFromResponse(404, {}))).toBe(false);
    expect(isUpoNotYetAvailable(new Error('21178'))).toBe(false);
  });

  it('outcomeOf maps invoice statuses through the same predicates', () => {
    const s = (code: number, extra: Partial<SessionInvoiceStatus> = {}) =>
      ({ ordinalNumber: 1, referenceNumber: 'R', invoiceHash: 'H', invoicingDate: '2026-01-01T00:00:00Z', status: { code, description: 'd' }, ...extra }) as SessionInvoiceStatus;
    expect(outcomeOf(s(150)).state).toBe('pending');
    expect(outcomeOf(s(200, { ksefNumber: 'K' }))).toMatchObject({ state: 'accepted', ksefNumber: 'K', duplicate: false });
    expect(outcomeOf(s(440, { status: { code: 440, description: 'd', extensions: { originalKsefNumber: 'O' } } }))).toMatchObject({ state: 'accepted', ksefNumber: 'O', duplicate: true });
    expect(outcomeOf(s(410)).state).toBe('rejected');
  });
});
