import { describe, expect, it } from 'vitest';
import { subjectIdentifierErrors } from '@/emulator/processing';

const party = (tag: string, id: string) => `<${tag}><DaneIdentyfikacyjne>${id}<Nazwa>X</Nazwa></DaneIdentyfikacyjne></${tag}>`;
const doc = (...parts: string[]) => `<Faktura xmlns="http://crd.gov.pl/wzor/2025/06/25/13775/">${parts.join('')}</Faktura>`;

describe('X-KSeF-Feature: subject-identifier-validation (weryfikacja-faktury.md, „Walidacja numeru NIP”)', () => {
  it('checks the NIP of Podmiot1, Podmiot2, each Podmiot3 and PodmiotUpowazniony, and the NIP inside a Podmiot3 IDWew', () => {
    const ok = doc(party('Podmiot1', '<NIP>5213012343</NIP>'), party('Podmiot2', '<NIP>1111111111</NIP>'), party('Podmiot3', '<IDWew>5213012343-00001</IDWew>'));
    expect(subjectIdentifierErrors(ok)).toEqual([]);
    const bad = doc(
      party('Podmiot1', '<NIP>5213012344</NIP>'),
      party('Podmiot2', '<NrVatUE>123</NrVatUE>'),
      party('Podmiot3', '<NIP>1111111111</NIP>'),
      party('Podmiot3', '<IDWew>5213012340-00001</IDWew>'),
      party('PodmiotUpowazniony', '<NIP>1234567890</NIP>'),
    );
    expect(subjectIdentifierErrors(bad)).toEqual([
      'Nieprawidłowy numer NIP 5213012344 (Podmiot1): błędna suma kontrolna.',
      'Nieprawidłowy identyfikator wewnętrzny 5213012340-00001 (Podmiot3[2]): błędna suma kontrolna NIP.',
      'Nieprawidłowy numer NIP 1234567890 (PodmiotUpowazniony): błędna suma kontrolna.',
    ]);
  });
});
