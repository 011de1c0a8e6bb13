import { expect, test } from '@playwright/test';
import { generateDevCertificate } from '../../lib/ksef/auth/dev-certificate';
import { adminToggle, createContractor, E2E_ADMIN_EMAIL, expectAccepted, fillCompanyAddress, signIn, signUpCompany, writeInvoice } from './support';

test('own certificate: admin enables → owner uploads → test connection → invoice accepted → admin disables → delegated again', async ({ page, browser }) => {
  const { nip } = await signUpCompany(page, 'Własny Certyfikat Sp. z o.o.');
  await fillCompanyAddress(page);
  await createContractor(page, 'Odbiorca Sp. z o.o.', '5265877635');

  // The admin area does not exist for the owner.
  expect((await page.goto('/admin'))?.status()).toBe(404);
  await page.goto('/settings/certificate');
  await expect(page.getByTestId('certificate-page')).toContainText('nie jest włączony');

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, E2E_ADMIN_EMAIL);
  await adminToggle(admin, nip, 'Zezwól na własny certyfikat', 'Klient podpisał aneks');

  // The owner uploads the company seal (PEM pair), tests it and switches to it.
  const seal = await generateDevCertificate({ nip, organizationName: 'Własny Certyfikat Sp. z o.o.' });
  await page.goto('/settings/certificate');
  await page.getByLabel('Plik certyfikatu (PEM)').setInputFiles({ name: 'seal.pem', mimeType: 'application/x-pem-file', buffer: Buffer.from(seal.certificatePem) });
  await page.getByLabel('Plik klucza prywatnego (PEM)').setInputFiles({ name: 'seal.key', mimeType: 'application/x-pem-file', buffer: Buffer.from(seal.privateKeyPem) });
  await page.getByRole('button', { name: 'Sprawdź i zapisz certyfikat' }).click();
  await expect(page.getByText('Certyfikat sprawdzony w KSeF i zapisany.')).toBeVisible();
  await expect(page.getByTestId('stored-certificate')).toContainText(`NIP ${nip}`);
  await page.getByRole('button', { name: 'Testuj połączenie z KSeF' }).click();
  await expect(page.getByTestId('test-connection').getByRole('status')).toContainText('Połączenie z KSeF działa');
  await page.getByRole('button', { name: 'Używaj certyfikatu firmy' }).click();
  await expect(page.getByTestId('access-mode')).toHaveAttribute('data-mode', 'OWN_CERTIFICATE');

  // No grant to our NIP anywhere: the invoice goes out signed with the company's own certificate.
  await page.goto('/settings/ksef');
  await expect(page.getByTestId('own-certificate-card')).toBeVisible();
  await writeInvoice(page, 'Odbiorca', [['Usługa', '1', '250,00', '23']]);
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expectAccepted(page);

  // The admin withdraws it: the key is shredded and the company is back on delegated access.
  await adminToggle(admin, nip, 'Wyłącz własny certyfikat', 'Koniec aneksu');
  await expect(admin.locator(`tr[data-nip="${nip}"]`).getByTestId('access-mode')).toHaveText('Uprawnienia nadane naszej firmie (zalecane)');
  await page.goto('/settings/ksef');
  await expect(page.getByTestId('provider-nip')).toBeVisible();
  await expect(page.getByTestId('own-certificate-card')).toHaveCount(0);
  await page.goto('/settings/certificate');
  await expect(page.getByTestId('certificate-page')).toContainText('nie jest włączony');
  await adminContext.close();
});
