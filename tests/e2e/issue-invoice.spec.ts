import { expect, test } from '@playwright/test';
import { extractPdfText } from '../support/pdf-text';
import { createContractor, expectAccepted, fillCompanyAddress, signUpCompany, simulateInKsef, writeInvoice } from './support';

test('issue an invoice with two rates, send it to KSeF, download PDF and UPO, then correct it', async ({ page }) => {
  await signUpCompany(page, 'Wystawca Sp. z o.o.');
  await fillCompanyAddress(page);
  await simulateInKsef(page, 'grant');
  await createContractor(page, 'Odbiorca S.A.', '5265877635');

  await writeInvoice(page, 'Odbiorca S.A.', [
    ['Usługa wdrożeniowa', '10', '150,00', '23'],
    ['Książka „Żółć”', '2', '39,90', '5'],
  ]);
  // Live totals per rate, Polish formatting: 1500.00 net + 345.00 VAT; 79.80 net + 3.99 VAT.
  await expect(page.getByText('1 845,00').first()).toBeVisible();
  await expect(page.getByText('83,79').first()).toBeVisible();
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();

  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  const ksefNumber = await expectAccepted(page);

  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Pobierz PDF' }).click();
  const pdf = await (await pdfDownload).createReadStream();
  const chunks: Buffer[] = [];
  for await (const c of pdf) chunks.push(c as Buffer);
  const text = await extractPdfText(Buffer.concat(chunks));
  expect(text).toContain(ksefNumber);
  expect(text).toContain('Usługa wdrożeniowa');

  const upoDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Pobierz UPO' }).click();
  const upoStream = await (await upoDownload).createReadStream();
  let upo = '';
  for await (const c of upoStream) upo += (c as Buffer).toString('utf8');
  expect(upo).toContain(ksefNumber);

  // Correction of the accepted invoice: lower the first line's quantity.
  await page.getByRole('button', { name: 'Wystaw korektę' }).click();
  await expect(page).toHaveURL(/mode=correction/);
  await page.locator('form.inv-form[data-ready="true"]').waitFor();
  await page.getByLabel('Ilość, pozycja 1').fill('8');
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  const correctionNumber = await expectAccepted(page);
  expect(correctionNumber).not.toBe(ksefNumber);
  await expect(page.getByText(ksefNumber).first()).toBeVisible(); // references the corrected invoice

  // The list's filters: submitted in place (a client-side navigation keeps the page's JS state),
  // the query in the URL, the buyer found by any part of the name in any case.
  await page.goto('/invoices');
  const rows = page.locator('table.data tbody tr');
  await expect(rows).toHaveCount(2);
  await page.evaluate(() => ((window as unknown as { listMarker: number }).listMarker = 1));
  await page.getByLabel('Rodzaj').selectOption('KOR');
  await page.getByRole('button', { name: 'Filtruj' }).click();
  await expect(page).toHaveURL(/kind=KOR/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText('Korekta');
  expect(await page.evaluate(() => (window as unknown as { listMarker?: number }).listMarker)).toBe(1);
  await page.getByLabel('Rodzaj').selectOption('');
  await page.getByLabel('Nabywca').fill('dbiorca s.');
  await page.getByRole('button', { name: 'Filtruj' }).click();
  await expect(page).toHaveURL(/buyer=dbiorca/);
  await expect(rows).toHaveCount(2);
  await page.getByLabel('Nabywca').fill('Nikt Taki');
  await page.getByRole('button', { name: 'Filtruj' }).click();
  await expect(page.getByTestId('invoices-empty')).toBeVisible();
});
