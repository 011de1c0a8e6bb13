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

  const download = async (name: string) => {
    const pending = page.waitForEvent('download');
    await page.getByRole('link', { name, exact: true }).click();
    const chunks: Buffer[] = [];
    for await (const c of await (await pending).createReadStream()) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  };
  const text = await extractPdfText(await download('Pobierz PDF'));
  expect(text).toContain(ksefNumber);
  expect(text).toContain('Usługa wdrożeniowa');
  expect(text).toContain('Słownie:');
  expect(text).not.toContain('DUPLIKAT');

  expect((await download('Pobierz UPO (XML)')).toString('utf8')).toContain(ksefNumber);
  const upoPdf = await extractPdfText(await download('Pobierz UPO (PDF)'));
  expect(upoPdf).toContain('Urzędowe Poświadczenie Odbioru (UPO)');
  expect(upoPdf).toContain(ksefNumber);

  // A duplicate: the same invoice marked DUPLIKAT with today's date (Polish time).
  const today = new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
  const duplicate = await extractPdfText(await download('Wystaw duplikat (PDF)'));
  expect(duplicate).toContain('DUPLIKAT');
  expect(duplicate).toContain(`Data wystawienia duplikatu: ${today}`);
  expect(duplicate).toContain(ksefNumber);

  // E-mail it to the buyer: the address is checked next to the field; the worker sends PDF and XML.
  const emailSection = page.getByTestId('email-section');
  await emailSection.getByLabel('Adres odbiorcy').fill('nie-adres');
  await emailSection.getByRole('button', { name: 'Wyślij e-mailem' }).click();
  await expect(page.locator('#email-to-error')).toHaveText('Podaj poprawny adres e-mail.');
  const buyerEmail = `ksiegowosc-${Date.now()}@odbiorca.example.com`;
  await emailSection.getByLabel('Adres odbiorcy').fill(buyerEmail);
  await emailSection.getByRole('button', { name: 'Wyślij e-mailem' }).click();
  await expect(emailSection.getByRole('status')).toContainText('czeka na wysłanie');
  await expect
    .poll(
      async () => {
        await page.reload();
        return page.getByTestId('email-history').locator('li[data-status="SENT"]').filter({ hasText: buyerEmail }).count();
      },
      { timeout: 20_000 },
    )
    .toBe(1);
  const invoicePage = page.url();
  await page.goto('/dev/outbox');
  const mailRow = page.getByTestId('outbox').getByRole('row').filter({ hasText: buyerEmail });
  await expect(mailRow).toContainText('.pdf');
  await expect(mailRow).toContainText('.xml');
  await page.goto(invoicePage);

  // Correction of the accepted invoice: lower the first line's quantity.
  await page.getByRole('button', { name: 'Wystaw korektę' }).click();
  await expect(page).toHaveURL(/mode=correction/);
  await page.locator('form.inv-form[data-ready="true"]').waitFor();
  await page.getByLabel('Ilość, pozycja 1').fill('8');
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  const correctionNumber = await expectAccepted(page);
  expect(correctionNumber).not.toBe(ksefNumber);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/KOR\/1\/\d{2}\/\d{4}/); // its own series
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
