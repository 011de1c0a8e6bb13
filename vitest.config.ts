import { defineConfig } from 'vitest/config';
import path from 'node:path';

// `server-only` throws unless resolved under the react-server condition, which Next.js gives its
// server code; tests import server modules directly, as the server does (scripts: see
// scripts/lib/server-only-condition.mjs).
const alias = { '@': path.resolve(import.meta.dirname), 'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js') };
const WORKER_TESTS = 'tests/integration/invoices/worker*.test.ts';

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', sequence: { groupOrder: 0 } },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          exclude: [WORKER_TESTS],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Postgres, one emulator per run; files run in parallel workers but each uses its own tenants.
          fileParallelism: true,
          maxWorkers: 2,
          // Runs after the unit project (which uses the default worker count).
          sequence: { groupOrder: 1 },
        },
      },
      {
        resolve: { alias },
        test: {
          // Tests that run real job workers: a worker takes any job in the database, also another
          // file's, so these run alone, one file at a time, after every other integration test.
          name: 'integration-workers',
          include: [WORKER_TESTS],
          environment: 'node',
          globalSetup: ['tests/support/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
