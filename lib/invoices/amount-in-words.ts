/**
 * An amount in Polish words, as printed under an invoice's total („Słownie: tysiąc dziewięćset
 * dwadzieścia osiem złotych 79/100”): the whole units in words with the currency's right plural
 * form, the hundredths as NN/100. Works on the decimal string, never a JS number.
 *
 * Polish takes three forms after a number: 1 → „złoty”, „tysiąc”; 2–4 (but not 12–14), also
 * 22–24, 102–104 … → „złote”, „tysiące”; everything else (0, 5–21, 25–31, 111–114 …) → „złotych”,
 * „tysięcy”. A scale of exactly one is said without „jeden” („tysiąc”, „milion”), while 1 in a
 * compound stays „jeden” („dwadzieścia jeden złotych”, „sto jeden tysięcy”).
 */
import Decimal from 'decimal.js';

/** The largest amount spelled out: 999 999 999 999,99. */
export const MAX_AMOUNT_IN_WORDS = '999999999999.99';

type Gender = 'm' | 'f' | 'n';
/** [one, few (2–4), many] */
type Forms = readonly [string, string, string];

interface CurrencyWords {
  forms: Forms;
  gender: Gender;
}

/**
 * Currencies with their Polish names. Any other currency is written with its ISO code after the
 * number in words („sto dwadzieścia trzy NOK 45/100”), which needs no declension.
 */
const CURRENCIES: Record<string, CurrencyWords> = {
  PLN: { forms: ['złoty', 'złote', 'złotych'], gender: 'm' },
  EUR: { forms: ['euro', 'euro', 'euro'], gender: 'n' }, // indeclinable: „jedno euro”, „dwa euro”, „pięć euro”
  USD: { forms: ['dolar amerykański', 'dolary amerykańskie', 'dolarów amerykańskich'], gender: 'm' },
  GBP: { forms: ['funt szterling', 'funty szterlingi', 'funtów szterlingów'], gender: 'm' },
  CHF: { forms: ['frank szwajcarski', 'franki szwajcarskie', 'franków szwajcarskich'], gender: 'm' },
  CZK: { forms: ['korona czeska', 'korony czeskie', 'koron czeskich'], gender: 'f' },
};

const UNITS = ['', 'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć'];
const TEENS = ['dziesięć', 'jedenaście', 'dwanaście', 'trzynaście', 'czternaście', 'piętnaście', 'szesnaście', 'siedemnaście', 'osiemnaście', 'dziewiętnaście'];
const TENS = ['', '', 'dwadzieścia', 'trzydzieści', 'czterdzieści', 'pięćdziesiąt', 'sześćdziesiąt', 'siedemdziesiąt', 'osiemdziesiąt', 'dziewięćdziesiąt'];
const HUNDREDS = ['', 'sto', 'dwieście', 'trzysta', 'czterysta', 'pięćset', 'sześćset', 'siedemset', 'osiemset', 'dziewięćset'];
/** Thousands, millions, billions (the long scale: „miliard” is 10⁹). */
const SCALES: Forms[] = [
  ['tysiąc', 'tysiące', 'tysięcy'],
  ['milion', 'miliony', 'milionów'],
  ['miliard', 'miliardy', 'miliardów'],
];

/** Which of the three forms follows the whole number n (n ≥ 0). */
export function pluralIndex(n: bigint): 0 | 1 | 2 {
  if (n === 1n) return 0;
  const last = n % 10n;
  const lastTwo = n % 100n;
  if (last >= 2n && last <= 4n && !(lastTwo >= 12n && lastTwo <= 14n)) return 1;
  return 2;
}

/**
 * 1–999 in words. `gender` changes only the last word of the group: a feminine noun takes „dwie”
 * („dwadzieścia dwie korony”); „jeden” alone is said by the caller („jedna korona”, „jedno euro”).
 */
function group(n: number, gender: Gender): string[] {
  const words: string[] = [];
  const h = Math.floor(n / 100);
  const t = Math.floor((n % 100) / 10);
  const u = n % 10;
  if (h) words.push(HUNDREDS[h]!);
  if (t === 1) words.push(TEENS[u]!);
  else {
    if (t) words.push(TENS[t]!);
    if (u) words.push(u === 2 && gender === 'f' ? 'dwie' : UNITS[u]!);
  }
  return words;
}

/** A whole number 0 … 999 999 999 999 in words, agreeing with a noun of `gender` that follows it. */
export function integerInWords(n: bigint, gender: Gender = 'm'): string {
  if (n < 0n || n > 999_999_999_999n) throw new RangeError(`integerInWords: ${n} is out of range`);
  if (n === 0n) return 'zero';
  if (n === 1n) return gender === 'f' ? 'jedna' : gender === 'n' ? 'jedno' : 'jeden';
  const words: string[] = [];
  const groups: number[] = [];
  for (let rest = n; rest > 0n; rest /= 1000n) groups.push(Number(rest % 1000n));
  for (let i = groups.length - 1; i >= 1; i--) {
    const g = groups[i]!;
    if (!g) continue;
    const scale = SCALES[i - 1]!;
    // „tysiąc”, „milion”: one of a scale is named without „jeden”
    if (g === 1) words.push(scale[0]);
    else words.push(...group(g, 'm'), scale[pluralIndex(BigInt(g))]); // tysiąc, milion, miliard are masculine
  }
  words.push(...group(groups[0]!, gender));
  return words.join(' ');
}

const DECIMAL = /^\s*(-?)(\d+)(?:[.,](\d+))?\s*$/;

/**
 * „1928.79”, „PLN” → „tysiąc dziewięćset dwadzieścia osiem złotych 79/100”. A negative amount (the
 * difference a correction states) is preceded by „minus”. More than two fraction digits are rounded
 * half up. Throws a RangeError for a malformed amount or one above 999 999 999 999,99.
 */
export function amountInWords(amount: string, currency: string): string {
  const m = DECIMAL.exec(amount);
  if (!m) throw new RangeError(`amountInWords: "${amount}" is not a decimal amount`);
  const rounded = new Decimal(`${m[1]}${m[2]}.${m[3] ?? '0'}`).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
  const abs = rounded.abs();
  if (abs.greaterThan(MAX_AMOUNT_IN_WORDS)) throw new RangeError(`amountInWords: ${amount} exceeds ${MAX_AMOUNT_IN_WORDS}`);
  const [intPart, fracPart = ''] = abs.toFixed(2).split('.');
  const whole = BigInt(intPart!);
  const code = currency.trim().toUpperCase();
  const cur = CURRENCIES[code];
  const number = integerInWords(whole, cur?.gender ?? 'm');
  const noun = cur ? cur.forms[pluralIndex(whole)] : code;
  const sign = rounded.isNegative() && !rounded.isZero() ? 'minus ' : '';
  return `${sign}${number} ${noun} ${fracPart.padEnd(2, '0')}/100`;
}
