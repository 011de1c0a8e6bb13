import { describe, expect, it } from 'vitest';
import { isValidNip, normalizeNip } from '@/lib/fa3/nip';

describe('isValidNip', () => {
  it.each(['5265877635', '3861610227', '9462527947', '6260181591'])('accepts %s (from the official samples)', (n) => {
    expect(isValidNip(n)).toBe(true);
  });
  it('rejects a wrong check digit', () => expect(isValidNip('5265877636')).toBe(false));
  it('rejects remainder 10 even though no digit can match it', () => {
    // 1,0,0,0,0,0,0,0,1 → 6 + 7 = 13 … choose digits whose weighted sum mod 11 is 10:
    // 100000000x: 6 → rem 6; 1000000004x: 6+7*4=34 → rem 1; 3000000000: 18 → 7; 0000000050: 5*6=30 → 8.
    // 1200000000: 6+10=16 → 5; 5000000000: 30 → 8; 4000000000: 24 → 2; 9000000000: 54 → 10.
    expect(isValidNip('9000000000')).toBe(false);
    expect(isValidNip('9000000001')).toBe(false);
  });
  it('rejects non-10-digit input', () => {
    expect(isValidNip('526587763')).toBe(false);
    expect(isValidNip('526-587-76-35')).toBe(false);
    expect(isValidNip(normalizeNip('526-587-76-35'))).toBe(true);
  });
});
