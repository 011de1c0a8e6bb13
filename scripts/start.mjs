/**
 * `npm start`: the production web server, one Next.js process per core (WEB_CONCURRENCY overrides).
 * One Node.js process renders on one core only; the workers share the listening socket through
 * Node's cluster module. A worker that dies is replaced. Arguments go to `next start` (e.g. -p 3000).
 * Plain .mjs so production needs nothing but Node and the build.
 */
import cluster from 'node:cluster';
import { createRequire } from 'node:module';
import os from 'node:os';

const workers = Number(process.env.WEB_CONCURRENCY ?? os.availableParallelism());

if (workers <= 1 || !cluster.isPrimary) {
  process.argv = [process.argv[0], 'next', 'start', ...process.argv.slice(2)];
  createRequire(import.meta.url)('next/dist/bin/next');
} else {
  let stopping = false;
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`web worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    cluster.fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill(signal);
      cluster.disconnect(() => process.exit(0));
    });
  }
}
