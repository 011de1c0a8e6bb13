import { expect, test, type Page } from '@playwright/test';
import { createContractor, fillCompanyAddress, signUpCompany, writeInvoice } from './support';

/** A day in Poland `days` from today, as the date inputs take it (YYYY-MM-DD). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Europe/Warsaw' });
const polish = (iso: string) => iso.split('-').reverse().join('.');

async function issue(page: Page, buyer: string, dates: { issueDate: string; dueDate: string }) {
  await writeInvoice(page, buyer, [['Usługa serwisowa', '10', '100,00', '23']]); // 1 230,00 zł gross
  await page.getByLabel('Data wystawienia').fill(dates.issueDate);
  await page.getByLabel('Data sprzedaży').fill(dates.issueDate);
  await page.getByLabel('Termin płatności').fill(dates.dueDate);
  await page.getByRole('button', { name: 'Wystaw', exact: true }).click();
  await expect(page).toHaveURL(/\/invoices\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('invoice-status')).toHaveText('Wystawiona');
  return page.url();
}

async function fitsWidth(page: Page, width: number) {
  const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(scroll).toBeLessThanOrEqual(width);
}

test('payments: a partial payment then the rest (partly paid → paid), refusals at the field, delete with confirmation, the overdue overview; fits 390 and 1366 px', async ({ page }) => {
  await signUpCompany(page, 'Wpłaty E2E Sp. z o.o.');
  await fillCompanyAddress(page);
  await createContractor(page, 'Płatnik S.A.', '5265877635');

  const invoice = await issue(page, 'Płatnik S.A.', { issueDate: day(0), dueDate: day(14) });
  const section = page.getByTestId('payments-section');
  const badge = section.getByTestId('payment-status');
  await expect(badge).toHaveText('Nieopłacona');
  await expect(section.getByTestId('payment-remaining')).toHaveText('1 230,00 zł');
  await expect(section).toContainText(`${polish(day(14))} · za 14 dni`);
  // The form starts with today and the whole amount left.
  await expect(section.getByLabel('Data wpłaty')).toHaveValue(day(0));
  await expect(section.getByLabel('Kwota (PLN)')).toHaveValue('1\u00a0230,00');

  // Bad input: each message next to its field, in Polish.
  await section.getByLabel('Kwota (PLN)').fill('1230,01');
  await section.getByRole('button', { name: 'Zapisz wpłatę' }).click();
  await expect(page.locator('#pay-amount-error')).toHaveText('Ta kwota przekracza pozostałą do zapłaty sumę 1 230,00 zł. Nadpłaty nie zapisujemy — wpisz najwyżej 1 230,00 zł.');
  await expect(section.getByLabel('Kwota (PLN)')).toHaveValue('1230,01'); // what was typed is kept
  await section.getByLabel('Kwota (PLN)').fill('sto złotych');
  await section.getByLabel('Data wpłaty').fill(day(1));
  await section.getByRole('button', { name: 'Zapisz wpłatę' }).click();
  await expect(page.locator('#pay-amount-error')).toHaveText('Podaj kwotę liczbą, np. 1234,56.');
  await expect(page.locator('#pay-paidOn-error')).toHaveText('Data wpłaty nie może być późniejsza niż dzisiejsza — zapisz wpłatę, gdy wpłynie.');
  await expect(badge).toHaveText('Nieopłacona');

  // A partial payment, then the rest (the amount offered is what is left).
  await section.getByLabel('Data wpłaty').fill(day(0));
  await section.getByLabel('Kwota (PLN)').fill('1 000,50');
  await section.getByLabel('Uwagi (nieobowiązkowe)').fill('Wyciąg nr 7');
  await section.getByRole('button', { name: 'Zapisz wpłatę' }).click();
  await expect(badge).toHaveText('Częściowo opłacona');
  await expect(section.getByTestId('payment-paid')).toHaveText('1 000,50 zł');
  await expect(section.getByTestId('payment-remaining')).toHaveText('229,50 zł');
  await expect(section.getByTestId('payments-table')).toContainText(`${polish(day(0))}1 000,50 złWyciąg nr 7`);
  await expect(section.getByLabel('Kwota (PLN)')).toHaveValue('229,50');
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await fitsWidth(page, width);
    await section.screenshot({ path: `test-results/payments/invoice-partial-${width}.png` });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
  await section.getByRole('button', { name: 'Zapisz wpłatę' }).click();
  await expect(badge).toHaveText('Opłacona');
  await expect(section.getByTestId('payment-remaining')).toHaveText('0,00 zł');
  await expect(section.getByTestId('payment-form')).toHaveCount(0);

  // Delete the first payment: asked once more, then back to partly paid.
  const firstRow = section.getByTestId('payments-table').getByRole('row').filter({ hasText: '1 000,50 zł' });
  await firstRow.getByRole('button', { name: 'Usuń' }).click();
  await expect(firstRow).toContainText(`Usunąć wpłatę 1 000,50 zł z ${polish(day(0))}?`);
  await firstRow.getByRole('button', { name: 'Anuluj' }).click();
  await firstRow.getByRole('button', { name: 'Usuń' }).click();
  await firstRow.getByRole('button', { name: 'Tak, usuń' }).click();
  await expect(badge).toHaveText('Częściowo opłacona');
  await expect(section.getByTestId('payment-remaining')).toHaveText('1 000,50 zł');

  // An overdue invoice (issued 30 days ago, due 16 days ago): in the overview and the filtered list.
  const overdue = await issue(page, 'Płatnik S.A.', { issueDate: day(-30), dueDate: day(-16) });
  await expect(section.getByTestId('payment-status')).toHaveText('Po terminie');
  await expect(section).toContainText(`${polish(day(-16))} · 16 dni po terminie`);
  await page.goto('/invoices');
  const overview = page.getByTestId('payment-overview');
  await expect(overview.getByTestId('overview-overdue')).toContainText('Po terminie1 230,00 zł1 faktura');
  await expect(overview.getByTestId('overview-open')).toContainText('Do zapłaty2 230,50 zł2 faktury');
  await expect(overview.getByTestId('overview-due-soon')).toContainText('0,00 zł0 faktur');
  await expect(page.getByTestId('onboarding-banner')).toBeVisible();
  await expect(page.getByTestId('ksef-access-card')).toBeVisible();
  const rows = page.locator('table.data tbody tr');
  await expect(rows.filter({ has: page.locator(`a[href="${new URL(overdue).pathname}"]`) }).getByTestId('payment-cell')).toHaveText('Po terminiezostało 1 230,00 zł');
  await expect(rows.filter({ has: page.locator(`a[href="${new URL(invoice).pathname}"]`) }).getByTestId('payment-cell')).toHaveText('Częściowo opłaconazostało 1 000,50 zł');
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await fitsWidth(page, width);
    await page.screenshot({ path: `test-results/payments/list-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });

  await overview.getByTestId('overview-overdue').click();
  await expect(page).toHaveURL(/payment=overdue/);
  await expect(page.getByLabel('Płatność')).toHaveValue('overdue');
  await expect(rows).toHaveCount(1);
  await expect(rows.first().getByTestId('payment-cell')).toContainText('Po terminie');
  await page.getByLabel('Płatność').selectOption('paid');
  await page.getByRole('button', { name: 'Filtruj' }).click();
  await expect(page.getByTestId('invoices-empty')).toContainText('Żadna faktura nie spełnia tych warunków.');

  // The overdue invoice on a phone.
  await page.setViewportSize({ width: 390, height: 900 });
  await page.goto(overdue);
  await fitsWidth(page, 390);
  await page.getByTestId('payments-section').screenshot({ path: 'test-results/payments/invoice-overdue-390.png' });
});
