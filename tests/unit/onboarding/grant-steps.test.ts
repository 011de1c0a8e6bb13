/** The KSeF grant instructions: the right Ministry application and sign-in for each environment, in both languages. */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '@/lib/i18n';
import { KSEF_TAXPAYER_APP, KsefGrantSteps } from '@/components/ksef/grant-steps';

const render = (environment: 'TEST' | 'DEMO' | 'PROD' | 'EMULATOR', locale: 'pl' | 'en' = 'pl', needsCode = true) =>
  renderToStaticMarkup(createElement(KsefGrantSteps, { t: translator(locale), environment, providerNip: '5265877635', needsCode }));

describe('KSeF grant steps', () => {
  it.each([
    ['PROD', 'https://ap.ksef.mf.gov.pl/', 'profilem zaufanym'],
    ['DEMO', 'https://ap-demo.ksef.mf.gov.pl/', 'przedprodukcyjne'],
    ['TEST', 'https://ap-test.ksef.mf.gov.pl/', 'certyfikatem testowym'],
  ] as const)('%s links to its own Taxpayer Application and says how to sign in there', (env, url, signIn) => {
    const html = render(env);
    expect(KSEF_TAXPAYER_APP[env]).toBe(url);
    expect(html).toContain(`href="${url}"`);
    expect(html).toContain('target="_blank" rel="noopener noreferrer"');
    expect(html).toContain(signIn);
    expect(html).toContain('526-587-76-35'); // our NIP, formatted, in the steps
    expect(html).toContain('W polu „Opis” wpisz kod potwierdzenia NIP');
    expect(html).not.toContain('ksef.mf.gov.pl)'); // the old, wrong address in the first step
  });

  it('the emulator has no Ministry application: it points to the simulation', () => {
    const html = render('EMULATOR');
    expect(html).not.toContain('href="https://');
    expect(html).toContain('Symulacja KSeF');
  });

  it('a proven NIP needs no code step; English reads English', () => {
    expect(render('PROD', 'pl', false)).not.toContain('kod potwierdzenia NIP');
    const en = render('PROD', 'en');
    expect(en).toContain('Open the KSeF Taxpayer Application (production)');
    expect(en).not.toMatch(/[ąęłńśźż]/);
  });
});
