import { expect, test, type Browser, type Page } from '@playwright/test';
import { PASSWORD, signUpCompany } from './support';

async function inviteAndJoin(owner: Page, browser: Browser, role: 'Księgowy' | 'Podgląd') {
  const email = `czlonek-${Date.now()}-${Math.random().toString(36).slice(2, 6)}@example.com`;
  await owner.goto('/settings');
  await owner.locator('#invite-email').fill(email);
  await owner.locator('#invite-role').selectOption({ label: role });
  await owner.getByRole('button', { name: 'Utwórz zaproszenie' }).click();
  const link = (await owner.getByTestId('invite-link').textContent())!;
  const member = await (await browser.newContext()).newPage();
  await member.goto(link);
  await member.getByLabel('Imię i nazwisko').fill('Jan Członek');
  await member.getByLabel('Hasło').fill(PASSWORD);
  await member.getByRole('button', { name: 'Załóż konto i dołącz' }).click();
  await expect(member).toHaveURL(/\/invoices/);
  return { email, member };
}

const rowOf = (page: Page, email: string) => page.getByTestId('member-row').filter({ hasText: email });

test('an owner changes a role and removes a member; the removed session loses the company at once', async ({ page, browser }) => {
  const { email: ownerEmail } = await signUpCompany(page, 'Zespół Sp. z o.o.');
  const { email, member } = await inviteAndJoin(page, browser, 'Podgląd');

  // The only owner cannot step down: the reason is next to the role picker.
  await page.goto('/settings');
  const own = rowOf(page, ownerEmail);
  await own.getByLabel(`Rola użytkownika ${ownerEmail}`).selectOption({ label: 'Księgowy' });
  await own.getByRole('button', { name: 'Zmień rolę' }).click();
  await expect(own.getByRole('alert')).toHaveText(/co najmniej jednego właściciela/);
  await expect(own.getByRole('button', { name: 'Usuń z firmy' })).toHaveCount(0);

  await member.goto('/settings');
  await expect(rowOf(member, email).getByRole('cell').nth(2)).toHaveText('Podgląd');
  await expect(member.getByRole('button', { name: 'Zmień rolę' })).toHaveCount(0); // only owners manage

  const row = rowOf(page, email);
  await row.getByLabel(`Rola użytkownika ${email}`).selectOption({ label: 'Księgowy' });
  await row.getByRole('button', { name: 'Zmień rolę' }).click();
  await expect(row.getByRole('status')).toHaveText('Rola zmieniona.');
  await member.reload();
  await expect(rowOf(member, email).getByRole('cell').nth(2)).toHaveText('Księgowy');

  await row.getByRole('button', { name: 'Usuń z firmy' }).click();
  await row.getByRole('button', { name: 'Tak, usuń' }).click();
  await expect(rowOf(page, email)).toHaveCount(0);

  // The member's open session: the company is gone from every page, its invoices unreachable.
  await member.goto('/invoices');
  await expect(member).toHaveURL(/\/onboarding/);
});

test('a member leaves a company by themselves, after a confirmation', async ({ page, browser }) => {
  await signUpCompany(page, 'Opuszczana Sp. z o.o.');
  const { email, member } = await inviteAndJoin(page, browser, 'Księgowy');
  await member.goto('/settings');
  await member.getByRole('button', { name: 'Opuść firmę' }).click();
  await member.getByRole('button', { name: 'Anuluj' }).click();
  await member.getByRole('button', { name: 'Opuść firmę' }).click();
  await member.getByRole('button', { name: 'Tak, opuść' }).click();
  await expect(member).toHaveURL(/\/onboarding/);
  await page.goto('/settings');
  await expect(rowOf(page, email)).toHaveCount(0);
});
