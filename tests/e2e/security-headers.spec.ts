import { expect, test } from '@playwright/test';
import { signUpCompany } from './support';

test('every response carries the security headers: pages, API and static files', async ({ page, request }) => {
  const pageResponse = (await page.goto('/login'))!;
  const apiResponse = await request.get('/api/health');
  const staticUrl = await page.locator('link[rel="stylesheet"]').first().getAttribute('href');
  const staticResponse = await request.get(staticUrl!);
  for (const r of [pageResponse, apiResponse, staticResponse]) {
    const h = r.headers();
    expect(h['x-content-type-options']).toBe('nosniff');
    expect(h['x-frame-options']).toBe('DENY');
    expect(h['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(h['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(h['x-powered-by']).toBeUndefined();
    // The e2e server answers on 127.0.0.1: an IP literal never gets HSTS (browsers ignore it there).
    expect(h['strict-transport-security']).toBeUndefined();
  }
});

test('pages run only the scripts rendered for them: a fresh nonce per response, injected scripts blocked', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await signUpCompany(page, 'CSP Sp. z o.o.');
  const nonceOf = async (path: string) => {
    const res = (await page.goto(path))!;
    const csp = (await res.allHeaders())['content-security-policy']!;
    expect(csp.split(', ')).toHaveLength(1); // one policy, not the baseline beside it
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(csp).toContain("'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    // Next.js put this response's nonce on its scripts (the browser hides it from getAttribute).
    const scriptNonces = await page.locator('script').evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
    expect(scriptNonces.length).toBeGreaterThan(0);
    expect(new Set(scriptNonces)).toEqual(new Set([nonce]));
    return nonce!;
  };
  const first = await nonceOf('/invoices');
  const second = await nonceOf('/settings');
  expect(first).not.toBe(second);
  expect(violations).toEqual([]); // the app's own scripts all ran

  // The page is interactive (hydrated under the policy): a client form works.
  await page.goto('/invoices/new');
  await page.locator('form.inv-form[data-ready="true"]').waitFor();

  // What a stored XSS would be: markup in the HTML the server sent, under the response's own CSP.
  await page.route('**/contractors', async (route) => {
    const response = await route.fetch();
    const body = (await response.text()).replace(
      '</body>',
      '<script>window.__pwned = 1</script><script nonce="guessed">window.__pwned = 2</script><img src="data:,x" onerror="window.__pwned = 3"></body>',
    );
    await route.fulfill({ response, body });
  });
  violations.length = 0;
  await page.goto('/contractors');
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect.poll(() => violations.length).toBeGreaterThanOrEqual(3);
  expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
});
