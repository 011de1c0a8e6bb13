import { formatDate, formatDateTime } from './format';
import { en } from './messages/en';
import { pl, type Messages } from './messages/pl';

export type Locale = 'pl' | 'en';
export const LOCALE_COOKIE = 'locale';

const dictionaries: Record<Locale, Messages> = { pl, en };

export const asLocale = (value: string | undefined | null): Locale => (value === 'en' ? 'en' : 'pl');

/**
 * A message rendered later, in the reader's language: an i18n key with its parameters — what is
 * stored (e.g. an invoice's status reason) and passed around — or, for text stored by older
 * versions, the text itself, shown as it is.
 */
export type Message = { key: string; params?: MessageParams } | { text: string };
/** A plain value, a date or an instant (formatted in the reader's locale), or a message of its own. */
export type MessageParam = string | number | { date: string } | { dateTime: string } | Message;
export type MessageParams = Record<string, MessageParam>;

export type Translate = (key: string, params?: MessageParams) => string;

/** `t('invoices.total', { count: 3 })`; an unknown key renders as itself so a gap is visible, not blank. */
export function translator(locale: Locale): Translate {
  const dict = dictionaries[locale];
  const param = (v: MessageParam): string => {
    if (typeof v !== 'object' || v === null) return String(v);
    if ('date' in v) return formatDate(v.date, locale);
    if ('dateTime' in v) return formatDateTime(new Date(v.dateTime), locale);
    return renderMessage(t, v);
  };
  const t: Translate = (key, params) => {
    let node: unknown = dict;
    for (const part of key.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
    let text = typeof node === 'string' ? node : key;
    if (params) {
      text = text.replace(PLURAL, (whole, name: string, forms: string) => pluralForm(locale, params[name], forms) ?? whole);
      for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, param(v));
    }
    return text;
  };
  return t;
}

export function renderMessage(t: Translate, m: Message): string {
  return 'text' in m ? m.text : t(m.key, m.params);
}

/**
 * Plural forms, written as in ICU MessageFormat: `{count, plural, one {# faktura} few {# faktury}
 * many {# faktur} other {# faktury}}`. Polish has three forms for whole numbers (1 faktura, 2–4
 * faktury, 5–21 faktur, 22 faktury…), and Intl.PluralRules knows which one a number takes.
 */
const PLURAL = /\{(\w+), plural, ((?:\w+ \{[^{}]*\}\s*)+)\}/g;
const pluralRules = { pl: new Intl.PluralRules('pl-PL'), en: new Intl.PluralRules('en-GB') };

function pluralForm(locale: Locale, value: MessageParam | undefined, forms: string): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const n = Number(value);
  if (Number.isNaN(n)) return undefined;
  const byCategory = new Map([...forms.matchAll(/(\w+) \{([^{}]*)\}/g)].map((m) => [m[1]!, m[2]!]));
  const form = byCategory.get(pluralRules[locale].select(n)) ?? byCategory.get('other');
  return form?.replaceAll('#', String(value));
}
