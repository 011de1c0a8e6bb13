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
export default async function setup() {
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
