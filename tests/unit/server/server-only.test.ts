import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Server modules say so: Next.js refuses to bundle a module that imports 'server-only' for the
 * browser, so a client component that reaches the database or the keys fails the build instead of
 * shipping them. (Vitest aliases the package to its empty module; scripts preload
 * scripts/lib/server-only-condition.mjs.)
 */
const DIRS = ['lib/server', 'lib/db', 'lib/secrets'];

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return p.includes('generated') ? [] : files(p);
    return p.endsWith('.ts') ? [p] : [];
  });
}

describe('server modules import server-only', () => {
  it('every module of lib/server, lib/db and lib/secrets', () => {
    const missing = DIRS.flatMap(files).filter((f) => !/^import 'server-only';$/m.test(fs.readFileSync(f, 'utf8')));
    expect(missing).toEqual([]);
  });
});
