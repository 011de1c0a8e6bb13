import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signUpCompany } from './support';

/** Every route handler in app/, its [segments] filled with hostile values: 4xx at worst, never 5xx. */
function routePatterns(dir = 'app/api'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return routePatterns(p);
    return d.name === 'route.ts' ? [`/${path.dirname(p).replace(/^app\//, '')}`] : [];
  });
}

const HOSTILE = ['x', "1' OR '1'='1", '00000000-0000-0000-0000-000000000000', '%00', '..%2F..%2Fetc%2Fpasswd', 'a'.repeat(3000), '%F0%9F%92%A9', '-1', 'null'];

test('no route handler answers 5xx to malformed input, signed in or not', async ({ page, request }) => {
  const patterns = routePatterns().filter((p) => !p.includes('[...nextauth]'));
  expect(patterns.length).toBeGreaterThanOrEqual(5);
  await signUpCompany(page, 'Fuzz Sp. z o.o.');
  const failures: string[] = [];
  for (const client of [page.request, request]) {
    for (const pattern of patterns) {
      for (const value of HOSTILE) {
        const url = pattern.replace(/\[[^\]]+\]/g, value);
        for (const method of ['GET', 'POST', 'DELETE'] as const) {
          const r = await client.fetch(url, { method, data: method === 'POST' ? '{"broken": ' : undefined, headers: { 'content-type': 'application/json' }, maxRedirects: 0 });
          if (r.status() >= 500) failures.push(`${method} ${url.slice(0, 80)} → ${r.status()}`);
        }
      }
    }
  }
  expect(failures).toEqual([]);
});
