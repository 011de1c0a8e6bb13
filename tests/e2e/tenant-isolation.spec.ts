import { expect, test } from '@playwright/test';
import { createContractor, signUpCompany } from './support';

test("a member of company A cannot see or change company B's data through pages, routes or actions", async ({ browser }) => {
  const b = await browser.newContext();
  const pageB = await b.newPage();
  await signUpCompany(pageB, 'Firma B');
  await createContractor(pageB, 'Tajny Klient B', '5265877635');
  await pageB.getByRole('link', { name: 'Edytuj' }).click();
  await pageB.waitForURL(/\/contractors\/[0-9a-f-]{36}$/);
  const bContractorUrl = pageB.url();
  const bContractorId = bContractorUrl.split('/').pop()!;

  const a = await browser.newContext();
  const pageA = await a.newPage();
  await signUpCompany(pageA, 'Firma A');
  // Page: B's contractor by id → "not found" (streamed pages may keep HTTP 200), nothing of B's shown.
  await pageA.goto(bContractorUrl);
  await expect(pageA.getByTestId('not-found')).toBeVisible();
  await expect(pageA.getByText('Tajny Klient B')).toHaveCount(0);
  await expect(pageA.locator('input[value="Tajny Klient B"]')).toHaveCount(0);
  await pageA.goto('/contractors');
  await expect(pageA.getByText('Tajny Klient B')).toHaveCount(0);
  // Route handlers: B's ids answer 404 with a reason, never data.
  for (const path of ['status', 'xml', 'upo', 'pdf']) {
    const r = await pageA.request.get(`/api/invoices/${bContractorId}/${path}`);
    expect(r.status(), path).toBe(404);
  }
  // Server action: A's own edit form, with B's id planted in it, cannot change B's contractor.
  await createContractor(pageA, 'Klient A', '5213012343');
  await pageA.getByRole('link', { name: 'Edytuj' }).click();
  await pageA.waitForURL(/\/contractors\/[0-9a-f-]{36}$/);
  await pageA.locator('input[name="id"]').evaluate((el, id) => ((el as HTMLInputElement).value = id), bContractorId);
  await pageA.getByLabel('Nazwa').fill('Przejęty przez A');
  await pageA.getByRole('button', { name: 'Zapisz' }).click();
  await expect(pageA.getByText('Nie znaleziono.')).toBeVisible();
  await pageB.goto('/contractors');
  await expect(pageB.getByText('Tajny Klient B')).toBeVisible();
  await expect(pageB.getByText('Przejęty przez A')).toHaveCount(0);
  // Signed out: API routes answer 401.
  const anon = await browser.newContext();
  expect((await anon.request.get(`http://127.0.0.1:${process.env.E2E_PORT ?? 3100}/api/invoices/${bContractorId}/status`)).status()).toBe(401);
  await Promise.all([a.close(), b.close(), anon.close()]);
});
