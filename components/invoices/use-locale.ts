'use client';
import { useContext } from 'react';
import { LocaleContext } from '@/components/ui/use-t';

/** The locale the server rendered with, for formatMoney/formatDate in client components. */
export function useLocale() {
  return useContext(LocaleContext);
}
