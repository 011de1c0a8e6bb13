import { expect, test } from '@playwright/test';
import { PASSWORD, signIn, signUpCompany } from './support';

test('„Wyloguj wszędzie” and a password change end the sessions on other devices', async ({ page, browser }) => {
  const { email } = await signUpCompany(page, 'Sesje Sp. z o.o.');
  const laptop = await (await browser.newContext()).newPage();
  await signIn(laptop, email);

  // A password change here: this browser stays signed in, the other one is out at its next request.
  await page.goto('/settings');
  await page.getByLabel('Obecne hasło').fill(PASSWORD);
  await page.getByLabel('Nowe hasło').fill('zupelnie-nowe-haslo');
  await page.getByRole('button', { name: 'Zmień hasło' }).click();
  await expect(page.getByText('Hasło zmienione.', { exact: false })).toBeVisible();
  await laptop.goto('/invoices');
  await expect(laptop).toHaveURL(/\/login/);
  await page.goto('/invoices');
  await expect(page).toHaveURL(/\/invoices/);

  // „Wyloguj wszędzie” from the other device ends this one too.
  await signIn(laptop, email, 'zupelnie-nowe-haslo');
  await laptop.goto('/settings');
  await laptop.getByRole('button', { name: 'Wyloguj wszędzie' }).click();
  await expect(laptop).toHaveURL(/\/login/);
  await page.goto('/invoices');
  await expect(page).toHaveURL(/\/login/);
});
