import { expect, type Page } from '@playwright/test';
import { uniqueNip } from '../support/nip';

export const PASSWORD = 'bardzo-tajne-haslo';

/** Signs up a new company through the UI and lands on its invoice list. */
export async function signUpCompany(page: Page, companyName = 'Firma E2E Sp. z o.o.') {
  const nip = uniqueNip();
  const email = `e2e-${nip}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Nazwa firmy').fill(companyName);
  await page.getByLabel('NIP firmy').fill(nip);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill(PASSWORD);
  await page.getByRole('button', { name: 'Załóż konto' }).click();
  await expect(page).toHaveURL(/\/invoices/);
  return { nip, email };
}

/** FA(3) requires the seller's address: fill it in Settings. */
export async function fillCompanyAddress(page: Page) {
  await page.goto('/settings');
  await page.getByLabel('Adres (ulica, numer)').fill('ul. Marszałkowska 1');
  await page.getByLabel('Adres (kod, miejscowość)').fill('00-624 Warszawa');
  await page.getByRole('button', { name: 'Zapisz' }).click();
  await expect(page.getByText('Zapisano.')).toBeVisible();
}

export async function createContractor(page: Page, name: string, nip: string) {
  await page.goto('/contractors/new');
  await page.getByLabel('NIP').fill(nip);
  await page.getByLabel('Nazwa').fill(name);
  await page.getByLabel('Adres (ulica, numer)').fill('ul. Kupiecka 5');
  await page.getByLabel('Adres (kod, miejscowość)').fill('30-001 Kraków');
  await page.getByRole('button', { name: 'Zapisz' }).click();
  await expect(page).toHaveURL(/\/contractors$/);
  await expect(page.getByRole('cell', { name: new RegExp(name) })).toBeVisible();
}
