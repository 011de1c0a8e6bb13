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
  await expect(page).toHaveURL(/\/start$/); // a new company starts with its first run
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

/** Ustawienia → KSeF → the local simulate panel: act as the company's owner in the emulator. */
export async function simulateInKsef(page: Page, action: 'grant' | 'revoke') {
  await page.goto('/settings/ksef');
  const panel = page.getByTestId('simulate-panel');
  await panel.getByRole('button', { name: action === 'grant' ? 'Nadaj w KSeF: wystawianie i przeglądanie' : 'Cofnij w KSeF wszystkie uprawnienia' }).click();
  await expect(page.getByTestId('permission-check').getByRole('status').first()).toHaveAttribute('data-outcome', action === 'grant' ? 'OK' : /NO_ACCESS|MISSING/);
}

/** New invoice for `buyer` with one line per [name, quantity, net price, rate]. */
export async function writeInvoice(page: Page, buyer: string, lines: [string, string, string, string][]) {
  await page.goto('/invoices/new');
  // Typing before hydration would be lost: the form says when it is interactive.
  await page.locator('form.inv-form[data-ready="true"]').waitFor();
  const value = await page.getByLabel('Nabywca').locator('option', { hasText: buyer }).first().getAttribute('value');
  await page.getByLabel('Nabywca').selectOption(value!);
  for (let i = 0; i < lines.length; i++) {
    if (i > 0) await page.getByRole('button', { name: 'Dodaj pozycję' }).click();
    const [name, qty, price, rate] = lines[i]!;
    const n = i + 1;
    await page.getByLabel(`Nazwa, pozycja ${n}`).fill(name);
    await page.getByLabel(`Ilość, pozycja ${n}`).fill(qty);
    await page.getByLabel(`Cena netto, pozycja ${n}`).fill(price);
    await page.getByLabel(`Stawka VAT, pozycja ${n}`).selectOption(rate);
  }
}

export async function expectAccepted(page: Page) {
  await expect(page.getByTestId('invoice-status')).toHaveText('Przyjęta w KSeF', { timeout: 45_000 });
  const ksefNumber = (await page.getByTestId('ksef-number').first().innerText()).trim();
  expect(ksefNumber).toMatch(/^\d{10}-\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$/);
  return ksefNumber;
}

/** The platform admin seeded by scripts/e2e-server.ts. */
export const E2E_ADMIN_EMAIL = 'platform-admin@e2e.example.com';

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Hasło').fill(password);
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await expect(page).toHaveURL(/\/invoices/);
}

/** Admin → the own-certificate toggle of one company, with its required reason. */
export async function adminToggle(admin: Page, nip: string, button: 'Zezwól na własny certyfikat' | 'Wyłącz własny certyfikat', reason: string) {
  await admin.goto(`/admin?q=${nip}`);
  const row = admin.locator(`tr[data-nip="${nip}"]`).locator('[data-testid^="toggle-"]');
  await row.getByPlaceholder('Powód zmiany').fill(reason);
  await row.getByRole('button', { name: button }).click();
  await expect(row.getByRole('status')).toHaveText('Zmieniono.');
}
