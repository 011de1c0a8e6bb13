import { expect, test } from '@playwright/test';
import { signUpCompany } from './support';

test('too many wrong passwords: the form says so in Polish, the Auth.js endpoint answers 429 with Retry-After', async ({ page, browser, request }) => {
  const { email } = await signUpCompany(page, 'Blokada Sp. z o.o.');
  const guesser = await (await browser.newContext()).newPage();
  for (let i = 0; i < 6; i++) {
    await guesser.goto('/login');
    await guesser.getByLabel('E-mail').fill(email);
    await guesser.getByLabel('Hasło').fill(`zle-haslo-${i}`);
    await guesser.getByRole('button', { name: 'Zaloguj' }).click();
    await expect(guesser.locator('.alert-error')).toBeVisible();
  }
  await expect(guesser.locator('.alert-error')).toHaveText(/Zbyt wiele nieudanych prób logowania\. Spróbuj ponownie za \d+ min\./);
  const r = await request.post('/api/auth/callback/credentials', { form: { email, password: 'cokolwiek' }, maxRedirects: 0 });
  expect(r.status()).toBe(429);
  expect(Number(r.headers()['retry-after'])).toBeGreaterThan(0);
});
