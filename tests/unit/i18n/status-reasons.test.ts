/**
 * What is stored about an invoice's status is a code and its parameters; text is made when rendering,
 * in the reader's language. Messages may carry dates, instants and messages of their own.
 */
import { describe, expect, it } from 'vitest';
import { renderMessage, translator, type Message } from '@/lib/i18n';
import { pl } from '@/lib/i18n/messages/pl';
import { en } from '@/lib/i18n/messages/en';
import { INVOICE_REASONS, ksefErrorMessage, statusReasonMessage } from '@/lib/invoices/status-reason';
import { KSEF_REASONS, KsefPermissionError } from '@/lib/ksef/errors';

const render = (locale: 'pl' | 'en', m: Message | null) => renderMessage(translator(locale), m!);

describe('status reasons', () => {
  it('every code has a message in both languages, and they differ', () => {
    for (const code of INVOICE_REASONS) {
      expect(pl.invoiceReasons[code]).toBeTruthy();
      expect(en.invoiceReasons[code]).toBeTruthy();
      expect(en.invoiceReasons[code]).not.toBe(pl.invoiceReasons[code]);
    }
    for (const reason of KSEF_REASONS) {
      expect(pl.ksefErrors[reason]).toBeTruthy();
      expect(en.ksefErrors[reason]).not.toBe(pl.ksefErrors[reason]);
    }
  });

  it('one stored row (a code and its parameters) renders in Polish and in English', () => {
    const stored = statusReasonMessage('HELD_CERTIFICATE_EXPIRED', { expiredOn: { date: '2026-11-23T23:30:00.000Z' } });
    // 23:30 UTC is already 24 November in Warsaw.
    expect(render('pl', stored)).toMatch(/^Certyfikat KSeF firmy wygasł 24\.11\.2026 — wgraj nowy/);
    expect(render('en', stored)).toMatch(/^The company’s KSeF certificate expired on 2026-11-24 — upload a new one/);
    const dup = statusReasonMessage('REJECTED_FOREIGN_DUPLICATE', { number: 'FV/1/11/2026', ksefNumber: '1111111111-20261124-0100001AF629-AF' });
    expect(render('en', dup)).toContain('numbered FV/1/11/2026 (KSeF number 1111111111-20261124-0100001AF629-AF)');
    expect(render('pl', dup)).toContain('o numerze FV/1/11/2026 (numer KSeF 1111111111-20261124-0100001AF629-AF)');
  });

  it('a KSeF reason stored as the invoice reason renders through ksefErrors', () => {
    const m = statusReasonMessage('KSEF_INVOICE_REJECTED_DETAILS', { code: 450, details: 'Błąd weryfikacji semantyki dokumentu faktury' });
    expect(render('pl', m)).toBe('KSeF odrzucił fakturę (kod 450): Błąd weryfikacji semantyki dokumentu faktury');
    expect(render('en', m)).toBe('KSeF rejected the invoice (code 450): Błąd weryfikacji semantyki dokumentu faktury');
  });

  it('no reason is no message; unknown (legacy) text is shown as it is; parameters are read defensively', () => {
    expect(statusReasonMessage(null, {})).toBeNull();
    expect(statusReasonMessage('Jakiś dawny opis; po polsku.', {})).toEqual({ text: 'Jakiś dawny opis; po polsku.' });
    expect(render('en', statusReasonMessage('Jakiś dawny opis; po polsku.', null))).toBe('Jakiś dawny opis; po polsku.');
    expect(statusReasonMessage('REJECTED_FOREIGN_DUPLICATE', { number: 'A', ksefNumber: { evil: true }, extra: [1] })).toEqual({
      key: 'invoiceReasons.REJECTED_FOREIGN_DUPLICATE',
      params: { number: 'A' },
    });
    expect(statusReasonMessage('HELD_NIP_UNVERIFIED', 'not an object')).toEqual({ key: 'invoiceReasons.HELD_NIP_UNVERIFIED', params: {} });
  });

  it('a message can be a parameter of another: what KSeF said, inside our sentence, in one language', () => {
    const reason = ksefErrorMessage(new KsefPermissionError({ reason: 'KSEF_AUTH_NO_PERMISSIONS' }));
    expect(translator('en')('certificates.errors.authRejected', { reason })).toBe(
      'KSeF refused to sign in with this certificate: No permissions assigned in KSeF in this context (NIP). The client must grant permissions to the provider.',
    );
    expect(translator('pl')('certificates.errors.authRejected', { reason })).toMatch(/^KSeF odrzucił logowanie tym certyfikatem: Brak przypisanych uprawnień/);
    expect(translator('en')('ksefErrors.KSEF_CIRCUIT_OPEN', { since: { dateTime: '2026-11-24T13:05:00Z' } })).toBe(
      'KSeF has not been answering since 24/11/2026, 14:05 — we will retry automatically.',
    );
  });
});
