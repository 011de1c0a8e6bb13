import { describe, expect, it } from 'vitest';
import { isValidNip, normalizeNip } from '@/lib/fa3/nip';

describe('isValidNip', () => {
  it.each(['5265877635', '3861610227', '9462527947', '6260181591'])('accepts %s (from the official samples)', (n) => {
    expect(isValidNip(n)).toBe(true);
  });
  it('rejects a wrong check digit', () => expect(isValidNip('5265877636')).toBe(false));
  it('rejects remainder 10 even though no digit can match it', () => {
    // 9 × 6 = 54, 54 mod 11 = 10: no check digit can match, every variant is invalid.
    expect(isValidNip('9000000000')).toBe(false);
    for (let d = 0; d <= 9; d++) expect(isValidNip(`900000000${d}`)).toBe(false);
  });
  it('rejects non-10-digit input', () => {
    expect(isValidNip('526587763')).toBe(false);
    expect(isValidNip('526-587-76-35')).toBe(false);
    expect(isValidNip(normalizeNip('526-587-76-35'))).toBe(true);
  });
});
