/**
 * A clone of this repository must be all a user needs: no code, test or script may read a file
 * beside the checkout (the reference material this project was built from sits next to the
 * developers' checkouts only). Every relative path literal must stay inside the repository.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const CODE = /\.(?:[cm]?[jt]sx?|json|sh|ya?ml)$|^\.ci\/run$/;

function trackedCodeFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root });
  return out
    .toString('utf8')
    .split('\0')
    .filter((f) => f && CODE.test(f) && f !== 'package-lock.json' && f !== path.relative(root, import.meta.filename) && fs.existsSync(path.join(root, f)));
}

/** Every way a path out of the repository was (or could plausibly be) written in this codebase. */
export function pathsLeavingRepository(file: string, text: string): string[] {
  const found: string[] = [];
  const dir = path.dirname(path.join(root, file));
  for (const m of text.matchAll(/(['"`])((?:\.\.\/)+[^'"`\s]*)\1/g)) {
    const literal = m[2] ?? '';
    const target = path.resolve(dir, literal);
    if (path.relative(root, target).startsWith('..')) found.push(literal);
  }
  for (const m of text.matchAll(/\b(?:root|process\.cwd\(\))\s*,\s*['"](\.\.(?:\/[^'"]*)?)['"]/g)) found.push(m[1] ?? '');
  return found;
}

describe('the repository stands on its own', () => {
  it('recognises the ways a path can leave the repository', () => {
    expect(pathsLeavingRepository('tests/unit/fa3/x.test.ts', "path.resolve(import.meta.dirname, '../../../../reference/samples')")).toEqual(['../../../../reference/samples']);
    expect(pathsLeavingRepository('scripts/x.ts', "path.join(root, '..', 'reference')")).toEqual(['..']);
    expect(pathsLeavingRepository('tests/unit/x.test.ts', "path.resolve(process.cwd(), '../reference/samples')")).toEqual(['../reference/samples']);
    expect(pathsLeavingRepository('tests/unit/fa3/x.test.ts', "import { f } from '../../support/factories';")).toEqual([]);
  });

  it('no tracked code, test or script refers to a path outside the checkout', () => {
    const files = trackedCodeFiles();
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) => pathsLeavingRepository(f, fs.readFileSync(path.join(root, f), 'utf8')).map((p) => `${f}: ${p}`));
    expect(offenders).toEqual([]);
  });
});
