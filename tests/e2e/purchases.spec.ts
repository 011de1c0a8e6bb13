import { expect, test, type Page } from '@playwright/test';
import { createContractor, expectAccepted, fillCompanyAddress, signUpCompany, simulateInKsef, writeInvoice } from './support';

/**
 * Receiving: another company (a second tenant, in its own browser) issues an invoice to our company
 * and sends it to KSeF (the emulator); we click "Synchronizuj", watch the progress, open the received
 * invoice rendered from its FA(3) — in words, not FA(3) codes, on a laptop and on a phone —, download
 * the original XML and mark it paid.
 */

/** The page fits the width: nothing sticks out of the screen outside a table's own scroll box. */
async function expectFits(page: Page, width: number) {
  await page.setViewportSize({ width, height: 900 });
  await page.waitForLoadState('networkidle');
  const r = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap') && getComputedStyle(e).position !== 'absolute')
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${String(e.className).split(' ').join('.')}`),
  }));
  expect(r.scrollWidth, `${width} px: ${r.wide.join(', ')}`).toBeLessThanOrEqual(width);
  await page.screenshot({ path: test.info().outputPath(`purchase-${width}.png`), fullPage: true });
}
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
  // Paid by transfer (FormaPlatnosci 6) to an account, by a due date: the buyer must read these in words.
  const due = new Date(Date.now() + 14 * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
  await sellerPage.getByLabel('Forma płatności').selectOption('6');
  await sellerPage.getByLabel('Termin płatności').fill(due);
  await sellerPage.getByLabel('Numer rachunku bankowego').fill('61109010140000071219812874');
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

  // In words: codes by their meaning, addresses as lines, Polish dates, amounts and account number.
  const section = (id: string) => page.locator(`[data-section="${id}"]`);
  await expect(page.getByRole('heading', { level: 2, name: 'Sprzedawca', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Pozycje', exact: true })).toBeVisible();
  await expect(section('seller').locator('dd', { hasText: 'ul. Marszałkowska 1' }).locator('.pur-line')).toHaveText(['ul. Marszałkowska 1', '00-624 Warszawa']);
  await expect(section('buyer').locator('dd', { hasText: 'ul. Kupiecka 5' }).locator('.pur-line')).toHaveText(['ul. Kupiecka 5', '30-001 Kraków']);
  await expect(section('details')).toContainText('Faktura podstawowa');
  await expect(section('details')).toContainText(/Plik faktury wytworzono\s*\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}/);
  await expect(section('lines')).toContainText('23%');
  await expect(section('lines')).toContainText('8%');
  await expect(section('lines').locator('th', { hasText: 'Wartość netto (zł)' })).toBeVisible();
  await expect(section('payment')).toContainText(/Forma płatności\s*Przelew/);
  await expect(section('payment')).toContainText(`Termin płatności${due.split('-').reverse().join('.')}`);
  await expect(section('payment')).toContainText('61 1090 1014 0000 0712 1981 2874');
  await expect(section('annotations')).toContainText(/Mechanizm podzielonej płatności\s*Nie/);
  await expect(section('totals')).toContainText(/Razem\s*[\d\s\u00a0]+,\d{2}\u00a0zł/);
  const text = await page.locator('main').innerText();
  for (const code of [/\bP_\d/, /Adres\.|KodKraju|AdresL\d/, /\d{4}-\d{2}-\d{2}T/, /Forma płatności\s*\d/, /Stawka\s*\d+\b(?!%)/, /Brak zwolnienia/, /Sprzedawca \(nazwa lub NIP\)/, /purchases\./])
    expect(text, String(code)).not.toMatch(code);
  // The actions do not touch one another.
  const boxes = await page
    .getByRole('group', { name: 'Działania' })
    .locator('.btn')
    .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, r: b.right, b: b.bottom })));
  expect(boxes.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < boxes.length; i++) {
    const [a, b] = [boxes[i - 1]!, boxes[i]!];
    const sameRow = Math.abs(a.y - b.y) < 2;
    expect(sameRow ? b.x - a.r : b.y - a.b, `gap between action ${i} and ${i + 1}`).toBeGreaterThanOrEqual(4);
  }
  await expectFits(page, 1366);
  await expectFits(page, 390);
  await page.setViewportSize({ width: 1366, height: 900 });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Pobierz XML (oryginał z KSeF)' }).click();
  expect((await download).suggestedFilename()).toBe(`${ksefNumber}.xml`);

  await page.getByRole('button', { name: 'Oznacz jako zapłaconą' }).click();
  await expect(page.getByTestId('mark-paid')).toContainText(buyer.email);
});
