/** `npm run test:e2e`: production build, then Playwright in Debian's Chromium. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { scanClientBundle } from './check-client-bundle';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (.ci/run does this).`);
  process.exit(1);
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
try {
  if (!process.env.E2E_SKIP_BUILD) run(process.execPath, ['node_modules/next/dist/bin/next', 'build']);
  const leaks = scanClientBundle(process.env.NEXT_DIST_DIR || '.next');
  for (const l of leaks) console.error(`✖ client bundle ${l.file} contains "${l.marker}" (server-only code or configuration)`);
  if (leaks.length) throw new Error('server-only code in the client bundle');
  console.log('client bundle: no server-only markers');
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-e2e-')), 'results.json');
  process.env.PLAYWRIGHT_JSON_OUTPUT_NAME = resultsFile;
  run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', '--reporter=list,json', ...process.argv.slice(2)]);
  // One plain summary line ("N passed, N failed") for CI.
  const stats = (JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } }).stats;
  console.log(`playwright: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`);
} catch {
  process.exit(1);
}
