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
    if (params) for (const [k, v] of Object.entries(params)) text = text.replaceAll(`{${k}}`, String(v));
    return text;
  };
}
