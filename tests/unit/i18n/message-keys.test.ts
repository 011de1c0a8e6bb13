import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { translator } from '@/lib/i18n';

/** Every literal key the UI passes to t() (template keys like `invoiceStatus.${s}` are not literal). */
function literalKeys(): Map<string, string> {
  const keys = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(e.name)) for (const m of fs.readFileSync(full, 'utf8').matchAll(/\bt\(\s*'([a-zA-Z0-9_]+(?:\.[a-zA-Z0-9_]+)+)'/g)) keys.set(m[1]!, full);
    }
  };
  for (const dir of ['app', 'components']) walk(path.resolve(dir));
  return keys;
}

describe('UI message keys', () => {
  const keys = literalKeys();

  it('finds the keys the UI uses', () => {
    expect(keys.size).toBeGreaterThan(100);
    expect(keys.has('pager.previous')).toBe(true);
  });

  for (const locale of ['pl', 'en'] as const) {
    it(`every literal key exists in ${locale}`, () => {
      const t = translator(locale);
      // An unknown key renders as itself.
      const missing = [...keys].filter(([k]) => t(k) === k).map(([k, file]) => `${k} (${path.relative(process.cwd(), file)})`);
      expect(missing).toEqual([]);
    });
  }
});
