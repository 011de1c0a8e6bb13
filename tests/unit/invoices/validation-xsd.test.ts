import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { Fa3InvoiceError, issueFa3 } from '@/lib/fa3';
import { completeInvoice } from '@/lib/fa3/totals';
import { explainXsdError, isXsdMessage } from '@/lib/fa3/validate';
import { translator } from '@/lib/i18n';
import { logger } from '@/lib/logger';
import { fieldErrors, safeInvoiceFieldErrors } from '@/lib/server/validation';
import { drafts } from '@/tests/fixtures/fa3/invoices';

const pl = translator('pl');
const en = translator('en');

/** The issues issueFa3 really reports for a mutated fixture (the official XSD through libxml2). */
function xsdIssues(change: (d: (typeof drafts)[string]) => void) {
  const d = structuredClone(drafts['vat-domestic-rates']!);
  change(d);
  try {
    issueFa3(completeInvoice(d), { today: '2026-02-01' });
  } catch (e) {
    if (e instanceof Fa3InvoiceError) return e.issues.filter((i) => i.source === 'xsd');
    throw e;
  }
  return [];
}

describe('explainXsdError: what libxml2 said, for a person', () => {
  it('a due date of 2099-12-31: Termin, over its maximum 2050-01-01, the model path of the due date', () => {
    const [issue] = xsdIssues((d) => void (d.payment = { dueDates: [{ date: '2099-12-31' }] }));
    expect(issue!.message).toMatch(/^Element 'Termin': \[facet 'maxInclusive'\]/);
    expect(explainXsdError(issue!)).toEqual({ element: 'Termin', label: 'Termin płatności', kind: 'maxInclusive', limit: '2050-01-01', modelPath: 'payment.dueDates.0.date' });
    // From the message alone (the path lost on the way) the element is still known.
    expect(explainXsdError({ message: issue!.message })).toMatchObject({ element: 'Termin', kind: 'maxInclusive', limit: '2050-01-01' });
  });

  it('a note over 256 characters: its length limit, the notes', () => {
    const [issue] = xsdIssues((d) => void (d.notes = [{ key: 'Uwagi', value: 'x'.repeat(300) }]));
    expect(explainXsdError(issue!)).toEqual({ element: 'Wartosc', label: 'Uwagi', kind: 'maxLength', limit: '256', modelPath: 'notes.0' });
  });

  it('a line element keeps its line; a party element names the party', () => {
    expect(explainXsdError({ path: '/Faktura/Fa/FaWiersz[3]/P_8B', message: "Element 'P_8B': [facet 'pattern'] The value '007' is not accepted by the pattern '…'." })).toMatchObject({
      element: 'P_8B',
      label: 'Ilość',
      kind: 'pattern',
      modelPath: 'lines.2.quantity',
    });
    expect(
      explainXsdError({
        path: '/Faktura/Podmiot2/Adres/AdresL1',
        message: "Element 'AdresL1': [facet 'maxLength'] The value has a length of '600'; this exceeds the allowed maximum length of '512'.",
      }),
    ).toMatchObject({
      label: 'Nabywca: adres (ulica i numer)',
      kind: 'maxLength',
      limit: '512',
      modelPath: 'buyer.Adres.AdresL1',
    });
    expect(explainXsdError({ path: '/Faktura/Podmiot1/DaneIdentyfikacyjne/NIP', message: "Element 'NIP': [facet 'pattern'] …" }).label).toBe('Sprzedawca: NIP');
    expect(explainXsdError({ path: '/Faktura/Fa/P_13_1', message: "Element 'P_13_1': … is not a valid value of the atomic type 'TKwotowy'." })).toMatchObject({
      kind: 'type',
      modelPath: 'totals.net.1',
    });
  });

  it('a document that is not XML: no element', () => {
    const [issue] = xsdIssues((d) => void (d.lines[0]!.name = 'a\u0001b'));
    expect(isXsdMessage(issue!.message)).toBe(true);
    expect(explainXsdError(issue!)).toMatchObject({ element: '', kind: 'document' });
  });

  it('our own messages are not XSD messages', () => {
    expect(isXsdMessage('Pozycja 2: podaj stawkę VAT.')).toBe(false);
    expect(isXsdMessage('validation.required')).toBe(false);
  });
});

describe('safeInvoiceFieldErrors: a validator text never reaches a user', () => {
  const raw = (change: Parameters<typeof xsdIssues>[0]) => xsdIssues(change)[0]!.message;

  it('maps the due date failure to the due date field and its Polish message; logs the raw text', () => {
    const warn = vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const message = raw((d) => void (d.payment = { dueDates: [{ date: '2099-12-31' }] }));
    // What issue-invoice.ts reports today: every XSD failure on '_form', in libxml2's words.
    const out = safeInvoiceFieldErrors({ _form: message }, pl);
    expect(out).toEqual({ dueDate: 'validation.dueDateRange' });
    expect(pl(out.dueDate!)).toContain('01.01.2050');
    expect(warn).toHaveBeenCalledWith(expect.objectContaining({ validator: message }), expect.any(String));
    warn.mockRestore();
  });

  it('a field with a length limit gets its maximum; an unmapped element is named in words, in the reader’s language', () => {
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    expect(safeInvoiceFieldErrors({ _form: raw((d) => void (d.notes = [{ key: 'Uwagi', value: 'x'.repeat(300) }])) }, pl)).toEqual({ notes: 'validation.maxLength.256' });
    const buyer = "Element 'AdresL1': [facet 'maxLength'] The value has a length of '600'; this exceeds the allowed maximum length of '512'.";
    expect(safeInvoiceFieldErrors({ _form: buyer }, pl)._form).toBe('KSeF nie przyjmie faktury: pole „Adres (ulica i numer)” może mieć najwyżej 512 znaków (schemat FA(3)).');
    expect(safeInvoiceFieldErrors({ _form: buyer }, en)._form).toMatch(/^KSeF will not accept the invoice: the field “Adres \(ulica i numer\)” can have at most 512 characters/);
    const unknown = "Element 'Foo': This element is not expected. Expected is ( Bar ).";
    expect(safeInvoiceFieldErrors({ _form: unknown }, pl)._form).toBe(pl('validation.fa3.element', { element: 'Foo' }));
    expect(safeInvoiceFieldErrors({ _form: "Element 'P_8B': [facet 'pattern'] The value '007' is not accepted." }, pl)).toEqual({ lines: pl('validation.fa3.lines', { element: 'Ilość' }) });
    expect(safeInvoiceFieldErrors({ _form: 'PCDATA invalid Char value 1' }, pl)).toEqual({ _form: 'validation.fa3.document' });
    vi.restoreAllMocks();
  });

  it('keeps rule messages and keys, replaces zod English, and never prints libxml2 words', () => {
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    const rules = { 'exemption.text': 'Pozycja 1 ma stawkę „zw”: podaj podstawę prawną zwolnienia.', issueDate: 'validation.issueDateRange', 'lines.0.quantity': 'Invalid input' };
    expect(safeInvoiceFieldErrors(rules, pl)).toEqual({ 'exemption.text': rules['exemption.text'], issueDate: 'validation.issueDateRange', 'lines.0.quantity': 'validation.invalid' });
    const all = [
      raw((d) => void (d.payment = { dueDates: [{ date: '2099-12-31' }] })),
      raw((d) => void (d.saleDate = '2051-01-01')),
      raw((d) => void (d.notes = [{ key: 'Uwagi', value: 'x'.repeat(300) }])),
      "Element 'KodWaluty': [facet 'enumeration'] The value 'XYZ' is not an element of the set {'AED', …}.",
    ];
    for (const m of all) {
      for (const t of [pl, en]) {
        const shown = Object.values(safeInvoiceFieldErrors({ _form: m }, t)).map((v) => t(v));
        expect(shown.join(' ')).not.toMatch(/Element '|facet|maxInclusive|is not|validation\./);
      }
    }
    expect(safeInvoiceFieldErrors({ _form: all[3]! }, pl)).toEqual({ currency: 'validation.currencyUnknown' });
    expect(safeInvoiceFieldErrors({ _form: all[1]! }, pl)).toEqual({ saleDate: 'validation.saleDateRange' });
    vi.restoreAllMocks();
  });
});

describe('fieldErrors: the schema’s key, or the limit', () => {
  it('the admin reason: empty asks for the reason, too long gives the maximum', () => {
    // The same rule as lib/server/admin/set-own-certificate-allowed.ts.
    const schema = z.object({ reason: z.string().trim().min(3, 'adminTenants.reasonRequired').max(500, 'adminTenants.reasonRequired') });
    const err = (reason: string) => fieldErrors(schema.safeParse({ reason }).error!).reason!;
    expect(err('')).toBe('adminTenants.reasonRequired');
    expect(pl(err(''))).toMatch(/^Podaj powód zmiany/);
    expect(err('x'.repeat(501))).toBe('validation.maxLength.500');
    expect(pl(err('x'.repeat(501)))).toBe('Najwyżej 500 znaków.');
  });

  it('zod’s own English becomes a message; a generic too long says its maximum', () => {
    const schema = z.object({ a: z.string().min(1), b: z.string().max(512, 'validation.tooLong'), c: z.number() });
    expect(fieldErrors(schema.safeParse({ a: '', b: 'x'.repeat(600), c: 'x' }).error!)).toEqual({ a: 'validation.required', b: 'validation.maxLength.512', c: 'validation.invalid' });
  });
});
