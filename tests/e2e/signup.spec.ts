import { expect, test } from '@playwright/test';
import { uniqueNip } from '../support/nip';

test('a newcomer signs up with a company and lands on an empty invoice list', async ({ page }) => {
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

  await expect(page).toHaveURL(/\/invoices/);
  await expect(page.getByRole('heading', { name: 'Faktury sprzedaży' })).toBeVisible();
  await expect(page.getByTestId('invoices-empty')).toContainText('Nie masz jeszcze żadnych faktur.');
  await expect(page.getByRole('navigation')).toContainText('Kontrahenci');
  await expect(page.getByRole('navigation')).not.toContainText('Admin');
  await expect(page.getByTestId('current-company')).toContainText('Nowa Firma Sp. z o.o.');

  // Signing out and in again leads back to the same company.
  await page.getByRole('button', { name: 'Wyloguj' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill('bardzo-tajne-haslo');
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await expect(page.getByTestId('invoices-empty')).toBeVisible();
});
