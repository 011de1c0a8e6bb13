'use client';
import { createContext, useContext } from 'react';
import { translator, type Locale } from '@/lib/i18n';

export const LocaleContext = createContext<Locale>('pl');

/** Client components translate with the locale the server rendered with. */
export function useT() {
  return translator(useContext(LocaleContext));
}

export function useLocale(): Locale {
  return useContext(LocaleContext);
}
