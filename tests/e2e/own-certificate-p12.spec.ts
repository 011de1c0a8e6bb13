import { expect, test } from '@playwright/test';
import { makeCertificate, toPkcs12, withMacIterations } from '../support/certificates';
import { adminToggle, E2E_ADMIN_EMAIL, signIn, signUpCompany } from './support';

test('PKCS#12 upload: an absurd iteration count is refused at once, next to the field; a wrong password still has its own message', async ({ page, browser, request }) => {
  const { nip } = await signUpCompany(page, 'Certyfikat P12 Sp. z o.o.');
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_ADMIN_EMAIL);
  await adminToggle(admin, nip, 'Zezwól na własny certyfikat', 'Test PKCS#12');
  const cert = await makeCertificate({ seal: nip });

  const upload = async (file: Buffer, password: string) => {
    await page.goto('/settings/certificate');
    await page.getByLabel('Plik PKCS#12 (.p12 / .pfx)').check();
    await page.locator('#p12File').setInputFiles({ name: 'pieczec.p12', mimeType: 'application/x-pkcs12', buffer: file });
    await page.locator('#p12Password').fill(password);
    await page.getByRole('button', { name: 'Sprawdź i zapisz certyfikat' }).click();
  };

  await upload(withMacIterations(toPkcs12(cert, 'haslo-p12'), 8_000_000), 'haslo-p12');
  await expect(page.locator('#p12File-error')).toContainText('żąda 8000000 iteracji');
  // The server answered everyone meanwhile.
  expect((await request.get('/api/health')).ok()).toBe(true);

  // A real file with the wrong password: opened in the worker thread of the production build.
  await upload(toPkcs12(cert, 'haslo-p12'), 'zle-haslo');
  await expect(page.locator('#p12Password-error')).toHaveText('Nieprawidłowe hasło pliku PKCS#12.');
});
