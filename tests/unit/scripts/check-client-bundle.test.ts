import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanClientBundle } from '@/scripts/check-client-bundle';

function distWith(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bundle-scan-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, 'static', name)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'static', name), text);
  }
  return dir;
}

describe('client bundle scan', () => {
  it('passes a bundle of UI code', () => {
    expect(scanClientBundle(distWith({ 'chunks/a.js': 'export const t = "Faktury";' }))).toEqual([]);
  });

  it('names the file and the marker of leaked server code', () => {
    const dir = distWith({ 'chunks/ok.js': 'x', 'chunks/deep/leak.js': 'createCipheriv("aes-256-gcm", dek)' });
    expect(scanClientBundle(dir)).toEqual([{ file: path.join('static', 'chunks', 'deep', 'leak.js'), marker: 'aes-256-gcm' }]);
  });

  it('refuses to pass when there is no build to scan', () => {
    expect(() => scanClientBundle(path.join(os.tmpdir(), 'no-such-build'))).toThrow(/run next build first/);
  });
});
