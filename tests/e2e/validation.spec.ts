import { expect, test, type Page } from '@playwright/test';
import { createContractor, E2E_ADMIN_EMAIL, fillCompanyAddress, signIn, signUpCompany, writeInvoice } from './support';

/** Nothing wider than the screen, and no validator's or zod's own words on the page. */
async function expectCleanPage(page: Page) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  const text = await page.locator('main').innerText();
  expect(text).not.toMatch(/Element '|\[facet|maxInclusive|Invalid input|validation\.|RRRR-MM-DD/);
}

test('the invoice form says at the field why a regular invoice cannot be negative and which dates KSeF takes', async ({ page }, testInfo) => {
  await signUpCompany(page, 'Walidacja Sp. z o.o.');
  await fillCompanyAddress(page);
  await createContractor(page, 'Odbiorca Walidacji S.A.', '5265877635');

  await writeInvoice(page, 'Odbiorca Walidacji S.A.', [
    ['Usługa', '-3', '100,00', '23'],
    ['Dostawa', '1', '100,00', '23'],
  ]);
  await page.getByLabel('Rabat, pozycja 2').fill('500');
  await page.getByLabel('Termin płatności').fill('2099-12-31');
  await page.getByRole('button', { name: 'Wystaw', exact: true }).click();

  // Each message next to its field, tied to it for screen readers, in Polish.
  const quantity = page.getByLabel('Ilość, pozycja 1');
  await expect(quantity).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#line-0-quantity-error')).toHaveText(/ilość nie może być ujemna.*fakturę korygującą \(KOR\)/);
  await expect(page.locator('#line-1-discount-error')).toHaveText(/Rabat jest większy niż wartość pozycji/);
  await expect(page.getByLabel('Termin płatności')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#dueDate-error')).toHaveText('Termin płatności musi być między 01.07.2016 a 01.01.2050 — tylko takie daty przyjmuje KSeF.');
  await expect(page.getByTestId('form-errors')).toContainText('3');
  await expectCleanPage(page);

  for (const [width, height] of [
    [1366, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expectCleanPage(page);
    // A line's messages: in the cell on a phone, in a row under the line on a wide screen.
    await expect(page.getByTestId('line-1-errors')).toBeVisible({ visible: width > 800 });
    const cell = (await page.locator('#line-0-quantity-error').boundingBox())!;
    if (width > 800)
      expect(cell.width).toBeLessThanOrEqual(1); // visually hidden; still its field's description
    else expect(cell.width).toBeGreaterThan(100);
    for (const [part, field] of [
      ['lines', 'line-0-name'],
      ['payment', 'dueDate'],
    ] as const) {
      await page.evaluate((id) => document.getElementById(id)?.scrollIntoView({ block: 'start' }), field);
      await page.screenshot({ path: testInfo.outputPath(`form-errors-${width}-${part}.png`) });
    }
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  // Limits name the limit.
  await page.getByLabel('Ilość, pozycja 1').fill('1,123456789');
  await page.getByLabel('Cena netto, pozycja 2').fill('1000000000000000');
  await expect(page.locator('#line-0-quantity-error')).toHaveText('Ilość może mieć najwyżej 6 cyfr po przecinku, np. 1,123456.');
  await expect(page.locator('#line-1-unitPrice-error')).toHaveText(/najwyżej 14 cyfr przed przecinkiem/);

  // Fixed, it is issued (and the server agrees with the browser).
  await page.getByLabel('Ilość, pozycja 1').fill('3');
  await page.getByLabel('Cena netto, pozycja 2').fill('100,00');
  await page.getByLabel('Rabat, pozycja 2').fill('10');
  await page.getByLabel('Termin płatności').fill('');
  await page.getByRole('button', { name: 'Wystaw', exact: true }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('invoice-status')).toHaveText(/Wystawiona|W kolejce|Czeka na uprawnienia/);
});

test('a draft saves without a buyer and without a price; issuing it asks for them', async ({ page }) => {
  await signUpCompany(page, 'Szkice Sp. z o.o.');
  await page.goto('/invoices/new');
  await page.locator('form.inv-form[data-ready="true"]').waitFor();
  await page.getByLabel('Nazwa, pozycja 1').fill('Coś jeszcze do wyceny');
  await page.getByRole('button', { name: 'Zapisz szkic' }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}\/edit\?saved=1$/);
  await expect(page.getByText('Szkic zapisany.')).toBeVisible();
  await page.locator('form.inv-form[data-ready="true"]').waitFor();
  await expect(page.getByLabel('Nazwa, pozycja 1')).toHaveValue('Coś jeszcze do wyceny');

  await page.getByRole('button', { name: 'Wystaw', exact: true }).click();
  await expect(page.locator('#line-0-unitPrice-error')).toHaveText('Podaj cenę.');
  await expect(page.getByText('Wybierz nabywcę z listy kontrahentów albo dodaj nowego.')).toBeVisible();
  await expectCleanPage(page);
});

test('the admin reason: an empty one asks for the reason, not „Nieprawidłowa wartość”', async ({ browser }) => {
  const owner = await browser.newPage();
  const { nip } = await signUpCompany(owner, 'Powód Sp. z o.o.');
  await owner.close();
  const admin = await browser.newPage();
  await signIn(admin, E2E_ADMIN_EMAIL);
  await admin.goto(`/admin?q=${nip}`);
  const row = admin.locator(`tr[data-nip="${nip}"]`).locator('[data-testid^="toggle-"]');
  await row.getByRole('button', { name: 'Zezwól na własny certyfikat' }).click();
  await expect(row.getByRole('alert')).toHaveText('Podaj powód zmiany (3–500 znaków).');
  await expect(row.getByPlaceholder('Powód zmiany')).toHaveAttribute('aria-invalid', 'true');
  await expect(row.getByPlaceholder('Powód zmiany')).toHaveAttribute('maxlength', '500');
  await admin.close();
});
