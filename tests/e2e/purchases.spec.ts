import { expect, test } from '@playwright/test';
import { createContractor, expectAccepted, fillCompanyAddress, signUpCompany, simulateInKsef, writeInvoice } from './support';

/**
 * Receiving: another company (a second tenant, in its own browser) issues an invoice to our company
 * and sends it to KSeF (the emulator); we click "Synchronizuj", watch the progress, open the received
 * invoice rendered from its FA(3), download the original XML and mark it paid.
 */
test('sync from KSeF and open a received invoice', async ({ page, browser }) => {
  const buyer = await signUpCompany(page, 'Odbiorca Zakupów Sp. z o.o.');
  await simulateInKsef(page, 'grant');

  const sellerContext = await browser.newContext();
  const sellerPage = await sellerContext.newPage();
  await signUpCompany(sellerPage, 'Hurtownia Sprzedająca S.A.');
  await fillCompanyAddress(sellerPage);
  await simulateInKsef(sellerPage, 'grant');
  await createContractor(sellerPage, 'Odbiorca Zakupów Sp. z o.o.', buyer.nip);
  await writeInvoice(sellerPage, 'Odbiorca Zakupów', [
    ['Papier A4', '10', '21,50', '23'],
    ['Kawa', '2', '45,00', '8'],
  ]);
  await sellerPage.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  const ksefNumber = await expectAccepted(sellerPage);
  await sellerContext.close();

  await page.goto('/purchases');
  await expect(page.getByTestId('purchases-empty')).toBeVisible();
  await page.getByTestId('sync-button').click();
  await expect(page.getByTestId('sync-status')).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 60_000 });
  const row = page.getByTestId('purchases-table').getByRole('row').filter({ hasText: ksefNumber });
  await expect(row).toContainText('Hurtownia Sprzedająca S.A.');
  await expect(row).toContainText('Nabywca');

  await row.getByRole('link').click();
  await expect(page.getByTestId('purchase-ksef-number')).toHaveText(ksefNumber);
  // Rendered from the parsed FA(3): parties, lines, per-rate totals, annotations, payment.
  for (const section of ['seller', 'buyer', 'details', 'lines', 'totals', 'annotations']) await expect(page.locator(`[data-section="${section}"]`)).toBeVisible();
  await expect(page.locator('[data-section="lines"]')).toContainText('Papier A4');
  await expect(page.locator('[data-section="totals"]')).toContainText('49,45');

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Pobierz XML (oryginał z KSeF)' }).click();
  expect((await download).suggestedFilename()).toBe(`${ksefNumber}.xml`);

  await page.getByRole('button', { name: 'Oznacz jako zapłaconą' }).click();
  await expect(page.getByTestId('mark-paid')).toContainText(buyer.email);
});
