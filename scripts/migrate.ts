/**
 * `npm run db:migrate` — apply committed migrations to DATABASE_URL (or the embedded dev database).
 * `npm run db:migration -- <name>` — write the next migration from the diff between the committed
 * last migration's schema snapshot and prisma/schema.prisma.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from './lib/embedded-postgres';
import { diffSchemaAgainstMigrations, migrationsDir } from './lib/migrator';
import { prepareDatabase } from './lib/prepare-database';
import { ensureDevDatabase } from './lib/dev-database';

const [command, name] = process.argv.slice(2);

async function main() {
  if (command === 'deploy') {
    const db = await ensureDevDatabase();
    const applied = await prepareDatabase(db.url);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
    await db.stop();
    return;
  }
  if (command === 'new') {
    if (!name || !/^[a-z0-9_]+$/.test(name)) throw new Error('Usage: npm run db:migration -- <snake_case_name>');
    const scratch = await startEmbeddedPostgres({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-scratch-')),
      persistent: false,
    });
    try {
      const { sql, snapshot } = await diffSchemaAgainstMigrations(scratch.url);
      if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
        console.log('No schema changes.');
        return;
      }
      const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
      const dir = path.join(migrationsDir, `${stamp}_${name}`);
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
      fs.writeFileSync(path.join(dir, 'schema.prisma'), snapshot);
      const lock = path.join(migrationsDir, 'migration_lock.toml');
      if (!fs.existsSync(lock)) fs.writeFileSync(lock, 'provider = "postgresql"\n');
      console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
    } finally {
      await scratch.stop();
    }
    return;
  }
  throw new Error('Usage: migrate.ts deploy | new <name>');
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  },
);
