import { expect, test } from '@playwright/test';

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
