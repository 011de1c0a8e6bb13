import { en } from './messages/en';
import { pl, type Messages } from './messages/pl';

export type Locale = 'pl' | 'en';
export const LOCALE_COOKIE = 'locale';

const dictionaries: Record<Locale, Messages> = { pl, en };

export const asLocale = (value: string | undefined | null): Locale => (value === 'en' ? 'en' : 'pl');

export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** `t('invoices.total', { count: 3 })`; an unknown key renders as itself so a gap is visible, not blank. */
export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  return (key, params) => {
    let node: unknown = dict;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    let text = typeof node === 'string' ? node : key;
    if (params) {
      text = text.replace(PLURAL, (whole, name: string, forms: string) => pluralForm(locale, params[name], forms) ?? whole);
      for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    }
    return text;
  };
}

/**
 * Plural forms, written as in ICU MessageFormat: `{count, plural, one {# faktura} few {# faktury}
 * many {# faktur} other {# faktury}}`. Polish has three forms for whole numbers (1 faktura, 2–4
 * faktury, 5–21 faktur, 22 faktury…), and Intl.PluralRules knows which one a number takes.
 */
const PLURAL = /\{(\w+), plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g;
const pluralRules = { pl: new Intl.PluralRules('pl-PL'), en: new Intl.PluralRules('en-GB') };

function pluralForm(locale: Locale, value: string | number | undefined, forms: string): string | undefined {
  const n = Number(value);
  if (value === undefined || Number.isNaN(n)) return undefined;
  const byCategory = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  const form = byCategory.get(pluralRules[locale].select(n)) ?? byCategory.get('other');
  return form?.replaceAll('#', String(value));
}
