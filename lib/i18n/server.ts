import { cookies } from 'next/headers';
import { asLocale, LOCALE_COOKIE, translator, type Locale } from '.';

export async function getLocale(): Promise<Locale> {
  return asLocale((await cookies()).get(LOCALE_COOKIE)?.value);
}

export async function getT() {
  const locale = await getLocale();
  return { locale, t: translator(locale) };
}
