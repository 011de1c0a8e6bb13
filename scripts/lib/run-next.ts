import { spawn } from 'node:child_process';
import path from 'node:path';

/**
 * Runs `next dev|start` as a child with this process's environment, and ties their lives together:
 * a signal stops Next.js, then `cleanup` (worker, emulator, database); Next.js exiting on its own
 * runs `cleanup` and exits with its code.
 */
export function runNext(opts: { mode: 'dev' | 'start'; port: string; host: string; env?: NodeJS.ProcessEnv; cleanup: () => Promise<void> }) {
  const next = spawn(process.execPath, [path.resolve('node_modules/next/dist/bin/next'), opts.mode, '-p', opts.port, '-H', opts.host], {
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...opts.env },
  });
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    next.kill('SIGTERM');
    await opts.cleanup().catch(() => undefined);
    process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  next.on('exit', (code) => stop(code ?? 1));
}
