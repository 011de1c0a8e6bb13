/**
 * `npm run worker`: the durable background worker for production (KSeF sending, permission checks).
 * Any number may run on any number of machines against the same DATABASE_URL; jobs of one tenant
 * run one at a time. Needs the same KSEF_* provider configuration as the app.
 */
import { config, ksefConfig, workerConcurrency } from '@/lib/config';
import { createKsefClientFromEnv } from '@/lib/ksef';
import { startWorker } from '@/lib/worker/worker';
import { logger } from '@/lib/logger';

async function main() {
  const { DATABASE_URL } = config();
  createKsefClientFromEnv(ksefConfig().providerEnv); // fail fast on a wrong KSeF configuration, before taking jobs
  const runner = await startWorker({ connectionString: DATABASE_URL, concurrency: workerConcurrency() });
  logger.info('worker started');
  const stop = async () => {
    await runner.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  await runner.promise;
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
