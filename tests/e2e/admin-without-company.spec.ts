import { expect, test } from '@playwright/test';
import { PASSWORD } from './support';

test('a platform admin who belongs to no company still reaches the admin area', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill('solo-admin@e2e.example.com');
  await page.getByLabel('Hasło').fill(PASSWORD);
  await page.getByRole('button', { name: 'Zaloguj' }).click();
  await expect(page).toHaveURL(/\/onboarding/);
  await page.getByTestId('onboarding-admin-link').click();
  await expect(page).toHaveURL(/\/admin$/);
  await expect(page.getByTestId('admin-tenants')).toBeVisible();
  // No company shell to fall back on, and nothing of it is needed.
  await expect(page.getByRole('link', { name: 'Faktury' })).toHaveCount(0);
});
