import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../scripts/lib/embedded-postgres';
import { prepareDatabase } from '../../scripts/lib/prepare-database';

/**
 * Integration tests run against a real, throwaway PostgreSQL with the committed migrations applied
 * (never a mock). DATABASE_URL in the environment is used instead when TEST_DATABASE_URL is set.
 */
const shared = globalThis as { __ksefTestDatabase?: { ready: Promise<() => Promise<void>>; users: number } };

/**
 * Both integration projects (vitest.config.ts) name this setup, and vitest runs each project's: the
 * first call starts the database, later ones share it, and the last teardown stops it.
 */
export default async function setup() {
  shared.__ksefTestDatabase ??= { ready: start(), users: 0 };
  const db = shared.__ksefTestDatabase;
  db.users++;
  const stop = await db.ready;
  return async () => {
    if (--db.users > 0) return;
    delete shared.__ksefTestDatabase; // a setup called after this starts a fresh one
    await stop();
  };
}

async function start() {
  let stop = async () => {};
  let url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const db = await startEmbeddedPostgres({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-test-pg-')), persistent: false });
    url = db.url;
    stop = db.stop;
  }
  await prepareDatabase(url);
  // Workers start after this and inherit the environment.
  process.env.DATABASE_URL = url;
  process.env.AUTH_SECRET ??= crypto.randomBytes(32).toString('base64url');
  // Own-certificate keys are envelope-encrypted: tests bring their own throwaway master key.
  process.env.SECRETS_MASTER_KEYS ??= `test:${crypto.randomBytes(32).toString('base64')}`;
  (process.env as Record<string, string>).NODE_ENV = 'test';
  return stop;
}
