/**
 * Standalone KSeF emulator: `npm run emulator [-- --port 8787 --state-file .data/emulator.json
 * --rate-limits production|raised|off --delay-ms 500 --host 127.0.0.1]`. Env: KSEF_EMULATOR_PORT.
 * Rate limits default to production (TEST's own since API 2.5.0); `raised` (×10) must be asked for.
 */
import { parseArgs } from 'node:util';
import pino from 'pino';
import { PROFILES, type Profile } from './rate-limit';
import { startEmulator } from './server';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    'state-file': { type: 'string' },
    'rate-limits': { type: 'string' },
    'delay-ms': { type: 'string' },
    'public-base-url': { type: 'string' },
    'log-level': { type: 'string' },
  },
  allowPositionals: false,
});

const rateLimits = (values['rate-limits'] ?? process.env.KSEF_EMULATOR_RATE_LIMITS ?? 'production') as Profile;
if (!PROFILES.includes(rateLimits)) {
  console.error(`--rate-limits must be ${PROFILES.join(' | ')} (got ${rateLimits})`);
  process.exit(2);
}
const port = Number(values.port ?? process.env.KSEF_EMULATOR_PORT ?? 8787);
const logger = pino({ level: values['log-level'] ?? process.env.KSEF_EMULATOR_LOG_LEVEL ?? 'warn' });

const emu = await startEmulator({
  port,
  host: values.host ?? process.env.KSEF_EMULATOR_HOST ?? '127.0.0.1',
  stateFile: values['state-file'] ?? process.env.KSEF_EMULATOR_STATE_FILE,
  rateLimits,
  processingDelayMs: Number(values['delay-ms'] ?? process.env.KSEF_EMULATOR_DELAY_MS ?? 300),
  publicBaseUrl: values['public-base-url'],
  logger,
});
console.log(`KSeF emulator: ${emu.baseUrl}  (admin: ${emu.adminUrl}, rate limits: ${rateLimits})`);

const stop = async () => {
  await emu.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
