import path from 'node:path';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';

export const dataRoot = path.resolve(import.meta.dirname, '../../.data');

/** DATABASE_URL when set; otherwise the persistent embedded PostgreSQL in .data/postgres. */
export async function ensureDevDatabase(): Promise<Omit<RunningPostgres, 'pid'> & { embedded: boolean }> {
  const url = process.env.DATABASE_URL;
  if (url) return { url, stop: async () => {}, embedded: false };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const db = await startEmbeddedPostgres({ dataDir: path.join(dataRoot, 'postgres'), port, persistent: true });
  return { ...db, embedded: true };
}
