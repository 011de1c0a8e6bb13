import { expect, test, type Page } from '@playwright/test';
import { createContractor, E2E_ADMIN_EMAIL, expectAccepted, fillCompanyAddress, signIn, signUpCompany, simulateInKsef, writeInvoice } from './support';

/**
 * Every main page fits a 390 px phone and a 1366 px laptop: nothing wider than the screen (tables
 * scroll inside their own box), the menu button and the page's main action on screen, no console
 * error (a hydration mismatch is one). The browser is in New York on purpose: times must still be
 * Warsaw time, rendered the same on the server and in the browser.
 */
test.use({ timezoneId: 'America/New_York' });

const WIDTHS = [390, 1366] as const;

async function checkFits(page: Page, path: string, width: number, errors: string[]) {
  errors.length = 0;
  await page.goto(path);
  await page.waitForLoadState('networkidle');
  const r = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    // What sticks out, outside a box that scrolls by itself: named, so a failure says where.
    wide: [...document.querySelectorAll('body *')]
      .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.table-wrap') && getComputedStyle(e).position !== 'absolute')
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}${e.className ? `.${String(e.className).split(' ').join('.')}` : ''}`),
  }));
  expect(r.scrollWidth, `${path} at ${width} px: ${r.wide.join(', ')}`).toBeLessThanOrEqual(width);
  expect(errors, `${path} at ${width} px: console errors`).toEqual([]);
}

test('every main page fits a phone and a laptop, with its menu and main action on screen', async ({ page }) => {
  test.setTimeout(180_000);
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));

  const { nip } = await signUpCompany(page, 'Firma Na Telefonie Sp. z o.o.');
  await fillCompanyAddress(page);
  await simulateInKsef(page, 'grant');
  const buyerNip = '5260250274';
  await createContractor(page, 'Kontrahent Z Bardzo Długą Nazwą Handlową Spółka z ograniczoną odpowiedzialnością', buyerNip);
  await writeInvoice(page, 'Kontrahent Z Bardzo', [['Usługa o długiej nazwie, która zawija się w tabeli pozycji', '1', '1234567,89', '23']]);
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expectAccepted(page);
  const invoicePath = new URL(page.url()).pathname;
  // The invoice page names both parties with their addresses, and a copy is not called a duplicate.
  await expect(page.getByTestId('invoice-seller')).toContainText('Firma Na Telefonie Sp. z o.o.');
  await expect(page.getByTestId('invoice-seller')).toContainText('ul. Marszałkowska 1, 00-624 Warszawa');
  await expect(page.getByTestId('invoice-buyer')).toContainText('ul. Kupiecka 5, 30-001 Kraków');
  await expect(page.getByRole('button', { name: 'Kopiuj jako nową' })).toBeVisible();
  await expect(page.getByText('Duplikuj', { exact: true })).toHaveCount(0);
  await page.goto('/contractors');
  const contractorPath = await page.getByRole('row').filter({ hasText: 'Kontrahent Z Bardzo' }).getByRole('link').first().getAttribute('href');

  const pages = [
    '/invoices',
    invoicePath,
    '/invoices/new',
    '/purchases',
    '/contractors',
    contractorPath!,
    '/contractors/new',
    '/settings',
    '/settings/ksef',
    '/settings/audit',
    '/settings/certificate',
    '/start',
  ];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    for (const path of pages) await checkFits(page, path, width, errors);

    await page.goto('/invoices');
    const newInvoice = page.getByRole('link', { name: 'Nowa faktura' });
    await expect(newInvoice).toBeInViewport({ ratio: 1 });
    if (width === 390) {
      const menu = page.getByRole('button', { name: 'Menu' });
      await expect(menu).toBeInViewport({ ratio: 1 });
      await menu.click();
      await expect(page.getByRole('link', { name: 'Zakupy' })).toBeInViewport();
    } else {
      await expect(page.getByRole('link', { name: 'Zakupy' })).toBeInViewport();
    }
  }

  // The icon exists (no 404 on every page).
  const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
  expect((await page.request.get(icon!)).status()).toBe(200);

  // The Firma tab names the environment the KSeF tab names, in words.
  await page.goto('/settings');
  await expect(page.getByText('Środowisko KSeF')).toContainText('lokalny emulator');
  await page.goto('/settings/ksef');
  await expect(page.getByText('Środowisko KSeF: lokalny emulator').first()).toBeVisible();

  // The language changes as soon as it is picked: no extra „OK”.
  await page.goto('/invoices');
  await page.getByLabel('Język').selectOption('en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sales invoices');
  await page.getByLabel('Language').selectOption('pl');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Faktury sprzedaży');
  // The company's whole name is in the sidebar, not clipped in a select.
  await expect(page.getByTestId('current-company')).toContainText('Firma Na Telefonie Sp. z o.o.');

  // A filter that matches nothing says so, not „no invoices yet”.
  await page.goto('/invoices?number=ZZZ-nie-ma');
  await expect(page.getByTestId('invoices-empty')).toContainText('Żadna faktura nie spełnia tych warunków.');
  expect(nip).toMatch(/^\d{10}$/);
});

test('the admin area fits a phone too', async ({ page }) => {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await signIn(page, E2E_ADMIN_EMAIL);
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    await checkFits(page, '/admin', width, errors);
  }
});

test('the simulation panel leaves exactly the state each button names, and says so', async ({ page }) => {
  await signUpCompany(page, 'Symulacja Dokładna Sp. z o.o.');
  await simulateInKsef(page, 'grant');
  const panel = page.getByTestId('simulate-panel');
  await panel.getByRole('button', { name: 'Nadaj w KSeF: tylko przeglądanie' }).click();
  await expect(panel.getByTestId('simulate-result')).toHaveText(/tylko przeglądać.*wystawiania nie ma/);
  await expect(page.getByTestId('permission-check').getByRole('status').first()).toHaveAttribute('data-outcome', 'MISSING');
});
