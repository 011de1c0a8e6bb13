import { expect, test } from '@playwright/test';
import { signUpCompany } from './support';

test('„Nie pamiętam hasła”: the link arrives by e-mail (read in the dev outbox), sets a new password once, and ends other sessions', async ({ page, browser }) => {
  const { email } = await signUpCompany(page, 'Zapominalski Sp. z o.o.');
  // Another device stays signed in until the password changes.
  const other = await (await browser.newContext({ storageState: await page.context().storageState() })).newPage();
  await other.goto('/invoices');
  await expect(other).toHaveURL(/\/invoices/);
  await page.getByRole('button', { name: 'Wyloguj' }).click();

  await page.getByRole('link', { name: 'Nie pamiętam hasła' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await page.getByLabel('E-mail').fill('to-nie-adres');
  await page.getByRole('button', { name: 'Wyślij link' }).click();
  await expect(page.locator('#email-error')).toHaveText('Podaj poprawny adres e-mail.');
  await page.getByLabel('E-mail').fill(email);
  await page.getByRole('button', { name: 'Wyślij link' }).click();
  await expect(page.getByTestId('reset-requested')).toContainText('Jeśli konto z tym adresem istnieje');

  // The message, as the local SMTP server received it.
  // (it goes out after the answer: look until it is there)
  const row = page.getByTestId('outbox').getByRole('row').filter({ hasText: email });
  await expect
    .poll(
      async () => {
        await page.goto('/dev/outbox');
        return row.count();
      },
      { timeout: 15_000 },
    )
    .toBe(1);
  await row.getByRole('link', { name: 'Ustaw nowe hasło w KSeF Faktury' }).click();
  await expect(page.getByTestId('outbox-to')).toContainText(email);
  const body = await page.getByTestId('outbox-body').innerText();
  const link = /http:\/\/127\.0\.0\.1:\d+\/reset-password\/[A-Za-z0-9_-]{43}/.exec(body)![0];

  await page.goto(link);
  await page.getByLabel('Nowe hasło').fill('krotkie');
  await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
  await expect(page.locator('#password-error')).toHaveText('Hasło musi mieć od 10 do 200 znaków.');
  await page.getByLabel('Nowe hasło').fill('calkiem-nowe-haslo-1');
  await page.getByRole('button', { name: 'Zapisz nowe hasło' }).click();
  await expect(page).toHaveURL(/\/invoices/); // signed in with the new password

  await other.reload();
  await expect(other).toHaveURL(/\/login/); // the other device was signed out
  await page.goto(link);
  await expect(page.getByTestId('reset-link-invalid')).toBeVisible(); // once
});
