/** A refused issue's problems land on the form field they are about, whichever validator found them. */
import { describe, expect, it } from 'vitest';
import { issuesToFieldErrors } from '@/lib/server/invoices/to-fa3';
import { safeInvoiceFieldErrors } from '@/lib/server/validation';
import { translator } from '@/lib/i18n';

describe('issue errors → form fields', () => {
  it('a business rule written lines[2].vatRate goes to that line, after the correction’s before-lines', () => {
    expect(issuesToFieldErrors([{ source: 'rule', code: 'X', path: 'lines[2].vatRate', message: 'Brak stawki.' }], 0)).toEqual({ 'lines.2.vatRate': 'Brak stawki.' });
    expect(issuesToFieldErrors([{ source: 'rule', code: 'X', path: 'lines[5].vatRate', message: 'Brak stawki.' }], 3)).toEqual({ 'lines.2.vatRate': 'Brak stawki.' });
    expect(issuesToFieldErrors([{ source: 'schema', code: 'X', path: 'lines.1.quantity', message: 'm' }], 0)).toEqual({ 'lines.1.quantity': 'm' });
  });

  it('an XSD failure goes to the field of its element path, and the user reads our words, not libxml2’s', () => {
    const xsd = "Element '{http://crd.gov.pl/wzor/2025/06/25/13775/}P_8B': [facet 'totalDigits'] The value '12345678901234567.5' has more digits than are allowed ('22').";
    const mapped = issuesToFieldErrors([{ source: 'xsd', code: 'XSD', path: '/Faktura/Fa/FaWiersz[2]/P_8B', message: xsd }], 0);
    const [[field, raw]] = Object.entries(mapped) as [[string, string]];
    expect(field).toBe('lines.1.quantity'); // FaWiersz[2] is the second line
    expect(raw).toBe(xsd); // still the validator's text here: the action makes it safe
    const shown = safeInvoiceFieldErrors(mapped, translator('pl'));
    expect(Object.keys(shown)).toEqual([field]);
    expect(shown[field]).not.toMatch(/Element|facet|digits/);
  });
});
