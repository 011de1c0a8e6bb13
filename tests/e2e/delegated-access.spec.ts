import { expect, test } from '@playwright/test';
import { createContractor, expectAccepted, fillCompanyAddress, signUpCompany, simulateInKsef, writeInvoice } from './support';

test('delegated access: missing → granted → sent → revoked → held → granted again → sent by itself', async ({ page }) => {
  await signUpCompany(page, 'Delegująca Sp. z o.o.');
  await fillCompanyAddress(page);
  await createContractor(page, 'Kupujący Sp. z o.o.', '5265877635');

  // New tenant: the live check shows our NIP has nothing in its context.
  await page.goto('/settings/ksef');
  await expect(page.getByTestId('provider-nip')).toHaveText(/\d{3}-\d{3}-\d{2}-\d{2}/);
  // Typing the NIP at sign-up proved nothing: the owner sees the code to put into the grant's „Opis”.
  await expect(page.getByTestId('nip-proof')).toHaveAttribute('data-verified', 'false');
  await expect(page.getByTestId('nip-claim-code')).toHaveText(/^KSEF(-[0-9A-Z]{4}){4}$/);
  await page.getByRole('button', { name: 'Sprawdź uprawnienia' }).click();
  await expect(page.locator('[data-outcome]')).toHaveAttribute('data-outcome', 'NO_ACCESS');
  await expect(page.locator('tr[data-permission="InvoiceWrite"]')).toContainText('Brak');

  // Grant in the emulator (as the company's owner in KSeF) → the check shows both granted.
  await simulateInKsef(page, 'grant');
  await expect(page.locator('tr[data-permission="InvoiceWrite"]')).toContainText('Nadane');
  await expect(page.locator('tr[data-permission="InvoiceRead"]')).toContainText('Nadane');
  // The simulated grant carried the code: the NIP is bound to this account.
  await expect(page.getByTestId('nip-proof')).toHaveAttribute('data-verified', 'true');

  await writeInvoice(page, 'Kupujący', [['Abonament', '1', '100,00', '23']]);
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expectAccepted(page);

  // Revoke in KSeF → the next invoice is held, with what to do.
  await simulateInKsef(page, 'revoke');
  await writeInvoice(page, 'Kupujący', [['Abonament — kolejny miesiąc', '1', '100,00', '23']]);
  await page.getByRole('button', { name: 'Wystaw i wyślij do KSeF' }).click();
  await expect(page.getByTestId('invoice-status')).toHaveText('Czeka na uprawnienia');
  await expect(page.getByText(/InvoiceWrite/).first()).toBeVisible();
  const heldUrl = page.url();

  // Grant again → the held invoice goes out by itself.
  await simulateInKsef(page, 'grant');
  await page.goto(heldUrl);
  await expectAccepted(page);

  // Every KSeF operation is in the audit log.
  await page.goto('/settings/audit');
  await expect(page.getByTestId('audit-log')).toContainText('Sprawdzenie uprawnień w KSeF');
  await expect(page.getByTestId('audit-log')).toContainText('Faktura wysłana do KSeF');
});
