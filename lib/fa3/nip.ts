/**
 * Polish NIP checksum: weights 6,5,7,2,3,4,5,6,7 over the first nine digits, sum mod 11 must equal
 * the tenth digit; a remainder of 10 never makes a valid NIP. Input must be exactly 10 digits
 * (strip spaces/dashes first with `normalizeNip`).
 */
const WEIGHTS = [6, 5, 7, 2, 3, 4, 5, 6, 7] as const;

export function normalizeNip(s: string): string {
  return s.replace(/[\s-]/g, '');
}

export function isValidNip(nip: string): boolean {
  if (!/^\d{10}$/.test(nip)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += WEIGHTS[i]! * Number(nip[i]);
  const rem = sum % 11;
  return rem !== 10 && rem === Number(nip[9]);
}
