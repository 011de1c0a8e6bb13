import { runMigrations } from 'graphile-worker';
import { applyMigrations } from './migrator';

/** Everything a database needs before the app uses it: our migrations, then the job queue's schema. */
export async function prepareDatabase(url: string): Promise<string[]> {
  const applied = await applyMigrations(url);
  await runMigrations({ connectionString: url, logger: undefined });
  return applied;
}
