import { expect, test } from '@playwright/test';
import { uniqueNip } from '../support/nip';
import { createContractor, expectAccepted, writeInvoice } from './support';

test('a newcomer signs up with a company and is led through the first run to an invoice in KSeF', async ({ page }) => {
  const nip = uniqueNip();
  const email = `nowy-${nip}@example.com`;
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
  await page.getByRole('link', { name: 'Załóż konto' }).click();

  // A wrong NIP is refused next to the field, and nothing is created.
  await page.getByLabel('Nazwa firmy').fill('Nowa Firma Sp. z o.o.');
  await page.getByLabel('NIP firmy').fill('1234567890');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill('bardzo-tajne-haslo');
  await page.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(page.getByText('Nieprawidłowy NIP — cyfra kontrolna się nie zgadza.')).toBeVisible();

  await page.getByLabel('NIP firmy').fill(nip);
  await page.getByLabel('Hasło').fill('bardzo-tajne-haslo');
  await page.getByRole('button', { name: 'Załóż konto' }).click();

  // The first run: three steps, none done; each is marked done from what is stored, not by a click.
  await expect(page).toHaveURL(/\/start$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Pierwsze kroki' })).toBeVisible();
  await expect(page.getByTestId('onboarding-progress')).toHaveText('Ukończono 0 z 3 kroków');
  await expect(page.getByRole('navigation')).toContainText('Kontrahenci');
  await expect(page.getByRole('navigation')).not.toContainText('Admin');
  await expect(page.getByTestId('current-company')).toContainText('Nowa Firma Sp. z o.o.');

  // 1. The address, in the step itself.
  const address = page.getByTestId('onboarding-address');
  await expect(address).toHaveAttribute('data-done', 'false');
  await address.getByLabel('Adres (ulica, numer)').fill('ul. Marszałkowska 1');
  await address.getByLabel('Adres (kod, miejscowość)').fill('00-624 Warszawa');
  await address.getByRole('button', { name: 'Zapisz' }).click();
  await expect(address).toHaveAttribute('data-done', 'true');
  await expect(page.getByTestId('onboarding-progress')).toHaveText('Ukończono 1 z 3 kroków');

  // 2. The grant: our NIP, the verification code, how to sign in to KSeF (here: the local emulator), then KSeF's answer.
  const ksef = page.getByTestId('onboarding-ksef');
  await expect(ksef.getByTestId('provider-nip')).toBeVisible();
  await expect(ksef.getByTestId('nip-proof')).toHaveAttribute('data-verified', 'false');
  await expect(ksef.getByTestId('ksef-grant-steps')).toHaveAttribute('data-environment', 'EMULATOR');
  await expect(ksef.getByTestId('ksef-sign-in')).toContainText('lokalnym emulatorem KSeF');
  await expect(ksef.getByTestId('ksef-app-link')).toHaveCount(0); // no Ministry application for an emulator
  await ksef.getByRole('button', { name: 'Nadaj w KSeF: wystawianie i przeglądanie' }).click();
  await expect(ksef.getByTestId('permission-check').getByRole('status').first()).toHaveAttribute('data-outcome', 'OK');
  await expect(ksef).toHaveAttribute('data-done', 'true');
  await expect(ksef).toContainText('Twoja firma jest zweryfikowana');

  // Until the last step is done, the invoice list points back here.
  await page.goto('/invoices');
  await expect(page.getByRole('heading', { name: 'Faktury sprzedaży' })).toBeVisible();
  await expect(page.getByTestId('invoices-empty')).toContainText('Nie masz jeszcze żadnych faktur.');
  await expect(page.getByTestId('onboarding-banner')).toContainText('2 z 3');
  await page.getByTestId('onboarding-banner').getByRole('link', { name: 'Pierwsze kroki' }).click();
  await expect(page).toHaveURL(/\/start$/);

  // 3. The first invoice.
  await page.getByTestId('onboarding-invoice').getByRole('link', { name: 'Dodaj kontrahenta' }).click();
  await expect(page).toHaveURL(/\/contractors\/new$/);
  await createContractor(page, 'Pierwszy Klient S.A.', '5265877635');
  await page.goto('/start');
  await page.getByTestId('onboarding-invoice').getByRole('link', { name: 'Wystaw pierwszą fakturę' }).click();
  await expect(page).toHaveURL(/\/invoices\/new$/);
  await writeInvoice(page, 'Pierwszy Klient S.A.', [['Konsultacja', '1', '500,00', '23']]);
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expectAccepted(page);
  await page.goto('/start');
  await expect(page.getByTestId('onboarding-progress')).toHaveText('Ukończono 3 z 3 kroków');
  await expect(page.getByText('Wszystko gotowe')).toBeVisible();
  await page.goto('/invoices');
  await expect(page.getByTestId('onboarding-banner')).toHaveCount(0);

  // Signing out and in again leads back to the same company.
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill('bardzo-tajne-haslo');
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await expect(page.getByRole('table')).toContainText('Pierwszy Klient S.A.');
});
