/**
 * Polish money and date formatting from exact decimal strings (never floats). Intl's pl-PL leaves
 * 4-digit amounts ungrouped ("1234,56"); Polish accounting documents group them ("1 234,56 zł"),
 * so grouping is done here, with a no-break space so amounts never wrap.
 */
const NBSP = '\u00a0';

const currencySuffix: Record<string, string> = { PLN: 'zł' };

const groupThousands = (digits: string, locale: 'pl' | 'en') => digits.replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'pl' ? NBSP : ',');

/** A count of things: `1 000` in Polish, `1,000` in English. */
export function formatCount(n: number, locale: 'pl' | 'en' = 'pl'): string {
  return groupThousands(String(n), locale);
}

export function formatAmount(decimal: string, locale: 'pl' | 'en' = 'pl'): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(decimal.trim());
  if (!m) return decimal;
  const [, sign, int = '0', frac = ''] = m;
  const cents = (frac + '00').slice(0, 2);
  return `${sign}${groupThousands(int, locale)}${locale === 'pl' ? ',' : '.'}${cents}`;
}

export function formatMoney(decimal: string, currency = 'PLN', locale: 'pl' | 'en' = 'pl'): string {
  const amount = formatAmount(decimal, locale);
  if (locale === 'pl') return `${amount}${NBSP}${currencySuffix[currency] ?? currency}`;
  return `${currency} ${amount}`;
}

/** The calendar day of an instant in Poland (an instant at 00:25 Warsaw time is still 23:25 UTC). */
const warsawDayFormat = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' });
function warsawDay(value: Date): string {
  return warsawDayFormat.format(value);
}

/**
 * `2026-11-24` → `24.11.2026` in Polish, `2026-11-24` in English. A date-only string is shown as is;
 * a Date or a timestamp string is an instant, shown as its day in Poland.
 */
export function formatDate(value: string | Date, locale: 'pl' | 'en' = 'pl'): string {
  const iso = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : warsawDay(typeof value === 'string' ? new Date(value) : value);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return String(value);
  return locale === 'pl' ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Date and time in Warsaw time: `24.11.2026, 14:05`. */
const dateTimeFormats = Object.fromEntries(
  (['pl', 'en'] as const).map((l) => [
    l,
    new Intl.DateTimeFormat(l === 'pl' ? 'pl-PL' : 'en-GB', { timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }),
  ]),
) as Record<'pl' | 'en', Intl.DateTimeFormat>;

export function formatDateTime(value: Date, locale: 'pl' | 'en' = 'pl'): string {
  return dateTimeFormats[locale].format(value);
}

/** 1234567890 → 123-456-78-90 */
export const formatNip = (nip: string) => (/^\d{10}$/.test(nip) ? `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8)}` : nip);
