import { describe, expect, it } from 'vitest';
import { descriptionCarriesCode, newClaimNonce, nipClaimCode, redactClaimCodes } from '@/lib/server/tenants/nip-claim';

const claim = (id = '0b6c6f1e-2f7e-4a57-9a43-3f0e0c7b1a11', nonce = newClaimNonce()) => ({ id, nipClaimNonce: nonce });

describe('NIP claim codes', () => {
  it('are KSEF- and 16 Crockford base32 characters (80 bits), different for each claim and each nonce', () => {
    const c = claim();
    const code = nipClaimCode(c);
    expect(code).toMatch(/^KSEF-[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(nipClaimCode(c)).toBe(code); // derived, not stored
    expect(nipClaimCode({ ...c, nipClaimNonce: newClaimNonce() })).not.toBe(code);
    expect(nipClaimCode({ ...c, id: '1b6c6f1e-2f7e-4a57-9a43-3f0e0c7b1a11' })).not.toBe(code);
    // Spread: over 2000 claims every character position takes many values and no code repeats.
    const codes = Array.from({ length: 2000 }, () => nipClaimCode(claim()).replace(/^KSEF-|-/g, ''));
    expect(new Set(codes).size).toBe(2000);
    for (let i = 0; i < 16; i++) expect(new Set(codes.map((x) => x[i])).size).toBe(32);
  });

  it('are found in a description as a person types them, and only the exact code counts', () => {
    const code = nipClaimCode(claim());
    const body = code.slice(5);
    expect(descriptionCarriesCode(`Dla KSeF Faktury, kod ${code}.`, code)).toBe(true);
    expect(descriptionCarriesCode(`kod: ksef - ${body.toLowerCase().replace(/-/g, ' - ')}`, code)).toBe(true);
    // Crockford: O read as 0, I and L as 1.
    const lookalike = code.replace(/0/g, 'O').replace(/1/g, 'l');
    expect(descriptionCarriesCode(lookalike, code)).toBe(true);
    expect(descriptionCarriesCode(code.slice(0, -1) + (code.endsWith('Z') ? 'Y' : 'Z'), code)).toBe(false);
    expect(descriptionCarriesCode(body, code)).toBe(false);
    expect(descriptionCarriesCode(null, code)).toBe(false);
    expect(descriptionCarriesCode(nipClaimCode(claim()), code)).toBe(false);
  });

  it('never come back out of a stored description', () => {
    const code = nipClaimCode(claim());
    expect(redactClaimCodes(`Opis ${code} koniec`)).toBe('Opis KSEF-•••• koniec');
    expect(redactClaimCodes(`ksef - ${code.slice(5).toLowerCase()}`)).not.toContain(code.slice(5, 9).toLowerCase());
    expect(redactClaimCodes('Zwykły opis')).toBe('Zwykły opis');
    expect(redactClaimCodes(null)).toBeNull();
  });
});
