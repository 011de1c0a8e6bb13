/** The server Playwright tests run against: throwaway PostgreSQL + migrations + `next start`. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { prepareDatabase } from './lib/prepare-database';
import { runNext } from './lib/run-next';

async function main() {
  const db = await startEmbeddedPostgres({ dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-e2e-pg-')), persistent: false });
  await prepareDatabase(db.url);
  // The KSeF emulator and the sending worker run in this process; the app talks to the emulator.
  const { startLocalKsef } = await import('./lib/local-ksef');
  const local = await startLocalKsef({ processingDelayMs: 200 });
  Object.assign(process.env, local.env, { DATABASE_URL: db.url, AUTH_SECRET: crypto.randomBytes(32).toString('base64url') });
  process.env.SECRETS_MASTER_KEYS ??= `e2e:${crypto.randomBytes(32).toString('base64')}`;
  // Every e-mail of the run goes to a real local SMTP server; specs read them at /dev/outbox.
  const { startLocalSmtp } = await import('./lib/local-smtp');
  const smtp = await startLocalSmtp({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-e2e-outbox-')) });
  Object.assign(process.env, { SMTP_URL: smtp.url, DEV_OUTBOX_DIR: smtp.dir, APP_URL: `http://127.0.0.1:${process.env.E2E_PORT ?? '3100'}` });
  await seedPlatformAdmin();
  const { startWorker } = await import('../lib/worker/worker');
  const worker = await startWorker({ connectionString: db.url });
  runNext({
    mode: 'start',
    port: process.env.E2E_PORT ?? '3100',
    host: '127.0.0.1',
    env: { NODE_ENV: 'production' },
    cleanup: async () => {
      await worker.stop();
      await smtp.close();
      await local.emulator.close();
      await db.stop();
    },
  });
}

/** A platform admin (with a company of its own, as every signed-in page needs one) for the admin-area specs. */
async function seedPlatformAdmin() {
  const { rawDb } = await import('../lib/db/client');
  const { signUp } = await import('../lib/server/auth/sign-up');
  const { userId } = await signUp({ email: E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD ?? 'bardzo-tajne-haslo', nip: '5213012343', companyName: 'Operator Platformy Sp. z o.o.' });
  await rawDb().user.update({ where: { id: userId }, data: { isPlatformAdmin: true } });
  // And one who belongs to no company: the admin area must not depend on having one.
  const { hashPassword } = await import('../lib/server/auth/password');
  await rawDb().user.create({ data: { email: E2E_SOLO_ADMIN_EMAIL, isPlatformAdmin: true, passwordHash: await hashPassword(process.env.E2E_ADMIN_PASSWORD ?? 'bardzo-tajne-haslo') } });
}

const E2E_ADMIN_EMAIL = 'platform-admin@e2e.example.com';
const E2E_SOLO_ADMIN_EMAIL = 'solo-admin@e2e.example.com';

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
