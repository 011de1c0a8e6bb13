/**
 * Bank account numbers: a Polish NRB (26 digits, its first two the IBAN check digits) or an IBAN.
 * Both carry ISO 13616 check digits (mod 97), so a mistyped digit is caught before it reaches an
 * invoice that a buyer will pay from.
 */

/** Spaces and dashes removed, upper case: `PL61 1090 1014 …` → `PL61109010140000071219812874`. */
export const normalizeBankAccount = (s: string) => s.replace(/[\s-]/g, '').toUpperCase();

const IBAN = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/;
const NRB = /^\d{26}$/;

/** True when `account` (normalized) is an NRB or IBAN whose check digits agree. */
export function hasValidChecksum(account: string): boolean {
  const iban = NRB.test(account) ? `PL${account}` : account;
  if (!IBAN.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of rearranged) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rest = (rest * (v > 9 ? 100 : 10) + v) % 97;
  }
  return rest === 1;
}

/** Grouped as banks print it: NRB `61 1090 1014 0000 0712 1981 2874`, IBAN `PL61 1090 …`. */
export function formatBankAccount(account: string): string {
  const a = normalizeBankAccount(account);
  if (NRB.test(a)) return `${a.slice(0, 2)} ${a.slice(2).replace(/(.{4})(?=.)/g, '$1 ')}`;
  if (IBAN.test(a)) return a.replace(/(.{4})(?=.)/g, '$1 ');
  return account;
}
