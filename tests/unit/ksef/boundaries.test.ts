import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The emulator is an independent KSeF: it shares no protocol code with our client, or a bug in a
 * shared piece would be agreed on by both sides and no test would see it (README, docs/emulator.md).
 * lib/ksef is a library: no app code, no emulator. A new import across either line fails here.
 */
const root = path.resolve(import.meta.dirname, '../../..');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    return d.isDirectory() ? sources(p) : /\.(ts|tsx|mjs|js)$/.test(d.name) ? [p] : [];
  });
}

/** Every module a file imports or re-exports, resolved to a path relative to the repository when local. */
function imports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
  return specs.map((s) => (s.startsWith('@/') ? s.slice(2) : s.startsWith('.') ? path.relative(root, path.resolve(path.dirname(file), s)) : s));
}

describe('module boundaries', () => {
  it('emulator/ imports nothing from lib/ksef', () => {
    const offenders = sources(path.join(root, 'emulator')).flatMap((f) =>
      imports(f)
        .filter((i) => i.startsWith('lib/ksef'))
        .map((i) => `${path.relative(root, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lib/ksef imports nothing from the app or the emulator', () => {
    const offenders = sources(path.join(root, 'lib/ksef')).flatMap((f) =>
      imports(f)
        .filter((i) => /^(lib|app|components|emulator|scripts)\//.test(i) && !i.startsWith('lib/ksef'))
        .map((i) => `${path.relative(root, f)} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });
});
