import { expect, test } from '@playwright/test';
import { PASSWORD, signUpCompany } from './support';

test('invited without an account: only a user is created, with the invited e-mail, and joins the company', async ({ page, browser }) => {
  await signUpCompany(page, 'Zapraszająca Sp. z o.o.');
  const email = `ksiegowa-${Date.now()}@example.com`;
  await page.goto('/settings');
  await page.locator('#invite-email').fill(email);
  await page.getByRole('button', { name: 'Utwórz zaproszenie' }).click();
  const link = (await page.getByTestId('invite-link').textContent())!;
  await expect(page.getByTestId('invite-emailed')).toHaveText(`Wysłaliśmy zaproszenie e-mailem na adres ${email}.`);

  // The invitee follows the link from the e-mail (as the local SMTP server received it).
  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto('/dev/outbox');
  await invitee.getByTestId('outbox').getByRole('row').filter({ hasText: email }).getByRole('link').click();
  await expect(invitee.getByTestId('outbox-subject')).toHaveText('Zaproszenie do firmy Zapraszająca Sp. z o.o. w KSeF Faktury');
  const mailed = /http:\/\/\S+\/invite\/[A-Za-z0-9_-]{43}/.exec(await invitee.getByTestId('outbox-body').innerText())![0];
  expect(new URL(mailed).pathname).toBe(new URL(link).pathname);
  await invitee.goto(mailed);
  await expect(invitee.locator('#invited-email')).toHaveValue(email);
  await expect(invitee.locator('#invited-email')).toHaveAttribute('readonly', '');
  await expect(invitee.getByLabel('NIP firmy')).toHaveCount(0); // nothing to found
  await invitee.getByLabel('Hasło').fill('krotkie');
  await invitee.getByRole('button', { name: 'Załóż konto i dołącz' }).click();
  await expect(invitee.locator('#password-error')).toBeVisible(); // next to the field, in Polish
  await invitee.getByLabel('Imię i nazwisko').fill('Anna Księgowa');
  await invitee.getByLabel('Hasło').fill(PASSWORD);
  await invitee.getByRole('button', { name: 'Załóż konto i dołącz' }).click();
  await expect(invitee).toHaveURL(/\/invoices/);
  await expect(invitee.getByTestId('current-company')).toContainText('Zapraszająca Sp. z o.o.');
  await expect(invitee.getByLabel('Zmień firmę')).toHaveCount(0); // one company: nothing to switch to
});
