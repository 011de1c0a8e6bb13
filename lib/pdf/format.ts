/**
 * Polish number and date formatting for the invoice visualisation, done on the decimal STRINGS of
 * the FA(3) model: never through JS numbers, so no amount is ever re-rounded or mis-rounded
 * (the official generator's rounding bugs came from float arithmetic, ksef-protocol.md §14 item 17).
 */

/** Thousands separator: U+00A0 NO-BREAK SPACE (a line never breaks inside an amount). */
export const NBSP = '\u00a0';

const DECIMAL = /^(-?)(\d+)(?:\.(\d+))?$/;

function groupThousands(int: string): string {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
}

/**
 * "1234.5" → "1 234,50" (exactly 2 fraction digits; amounts in the model have at most 2).
 * Anything that is not a plain decimal is returned unchanged rather than guessed at.
 */
export function formatAmount(value: string): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  if (frac.length > 2) return formatDecimal(value, 2);
  return `${sign}${groupThousands(int!)},${frac.padEnd(2, '0')}`;
}

/**
 * A quantity, unit price or exchange rate: all given fraction digits are kept (an 8-digit unit price
 * stays exact), padded to at least `minFraction`; decimal comma, grouped thousands.
 */
export function formatDecimal(value: string, minFraction = 0): string {
  const m = DECIMAL.exec(value.trim());
  if (!m) return value;
  const [, sign, int, frac = ''] = m;
  const f = frac.length >= minFraction ? frac : frac.padEnd(minFraction, '0');
  return `${sign}${groupThousands(int!)}${f ? `,${f}` : ''}`;
}

/** "2026-01-31" → "31.01.2026". */
export function formatDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
}
