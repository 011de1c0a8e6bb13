/**
 * `npm run dev`: the whole product on one machine with embedded defaults.
 * - PostgreSQL: DATABASE_URL, or a real embedded PostgreSQL in .data/postgres (gitignored).
 * - Migrations applied, demo seeded (credentials printed once).
 * - KSeF: unless KSEF_ENV is set, the KSeF emulator runs in this process with a generated
 *   self-signed provider seal (.data/ksef/), and the sending worker runs here too.
 * - Next.js dev server on PORT (default 3000).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureDevDatabase, dataRoot } from './lib/dev-database';
import { prepareDatabase } from './lib/prepare-database';
import { runNext } from './lib/run-next';

function persistentSecret(file: string): string {
  const p = path.join(dataRoot, file);
  if (fs.existsSync(p)) return fs.readFileSync(p, 'utf8').trim();
  fs.mkdirSync(dataRoot, { recursive: true });
  const secret = crypto.randomBytes(32).toString('base64url');
  fs.writeFileSync(p, secret, { mode: 0o600 });
  return secret;
}

async function main() {
  const db = await ensureDevDatabase();
  process.env.DATABASE_URL = db.url;
  process.env.AUTH_SECRET ??= persistentSecret('auth-secret');
  // Master key for tenants' own-certificate keys (envelope encryption); generated once like AUTH_SECRET.
  process.env.SECRETS_MASTER_KEYS ??= `dev1:${persistentSecret('secrets-master-key')}`;
  const applied = await prepareDatabase(db.url);
  if (applied.length) console.log(`Migrations applied: ${applied.join(', ')}`);
  const { seedDemo, printCredentials } = await import('../prisma/seed');
  printCredentials(await seedDemo());

  let ksefNote = `KSeF: ${process.env.KSEF_ENV} (${process.env.KSEF_BASE_URL ?? 'official URL'})`;
  if (!process.env.KSEF_ENV) {
    const { startLocalKsef } = await import('./lib/local-ksef');
    const local = await startLocalKsef({ dir: path.join(dataRoot, 'ksef'), port: Number(process.env.KSEF_EMULATOR_PORT ?? 8787) });
    Object.assign(process.env, local.env);
    ksefNote = `KSeF: emulator at ${local.env.KSEF_BASE_URL} (provider NIP ${local.env.KSEF_PROVIDER_NIP})`;
    const { verifyDemoCompany } = await import('../prisma/seed');
    if (await verifyDemoCompany()) console.log(`Demo company's NIP confirmed through the emulator (grant with its code, then the live check).`);
  }
  let mailNote = `E-mail: ${process.env.SMTP_URL ? 'SMTP_URL' : 'not configured'}`;
  if (!process.env.SMTP_URL) {
    // A real local SMTP server keeps every message; the app shows them at /dev/outbox.
    const { startLocalSmtp } = await import('./lib/local-smtp');
    const smtp = await startLocalSmtp({ dir: path.join(dataRoot, 'outbox'), port: Number(process.env.SMTP_DEV_PORT ?? 2525) });
    Object.assign(process.env, { SMTP_URL: smtp.url, DEV_OUTBOX_DIR: smtp.dir });
    mailNote = `E-mail: local SMTP server at ${smtp.url}, every message at http://localhost:${process.env.PORT ?? '3000'}/dev/outbox`;
  }
  process.env.APP_URL ??= `http://localhost:${process.env.PORT ?? '3000'}`;
  // Imported after the KSeF environment is set: the worker's client reads it.
  const { startWorker } = await import('../lib/worker/worker');
  const worker = await startWorker({ connectionString: db.url });

  const port = process.env.PORT ?? '3000';
  runNext({
    mode: process.argv.includes('--prod') ? 'start' : 'dev',
    port,
    host: process.env.HOST ?? '127.0.0.1',
    cleanup: async () => {
      await worker.stop();
      await db.stop();
    },
  });
  console.log(`\n  App: http://localhost:${port}  (database: ${db.embedded ? 'embedded PostgreSQL in .data/' : 'DATABASE_URL'})\n  ${ksefNote}\n  ${mailNote}\n`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
