/** `npm run test:e2e`: production build, then Playwright in Debian's Chromium. */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!fs.existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}. Install it with: apt-get install -y chromium (.ci/run does this).`);
  process.exit(1);
}
const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
try {
  if (!process.env.E2E_SKIP_BUILD) run(process.execPath, ['node_modules/next/dist/bin/next', 'build']);
  run(process.execPath, ['node_modules/@playwright/test/cli.js', 'test', ...process.argv.slice(2)]);
} catch {
  process.exit(1);
}
