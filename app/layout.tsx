import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { getLocale } from '@/lib/i18n/server';
import { translator } from '@/lib/i18n';
import { LocaleProvider } from '@/components/ui/locale-provider';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = translator(await getLocale());
  return { title: t('app.name'), description: t('app.tagline') };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body>
        <LocaleProvider locale={locale}>{children}</LocaleProvider>
      </body>
    </html>
  );
}
