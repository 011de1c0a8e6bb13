import pino from 'pino';
import { logLevel } from '@/lib/config';

/**
 * Structured logs. Anything that may carry a secret is redacted by path, so a careless
 * `logger.info({ req })` cannot leak a token, password or key.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'privateKey',
  '*.privateKey',
  'key',
  '*.key',
  'encryptedKey',
  '*.encryptedKey',
  'cookie',
  '*.cookie',
];

export const logger = pino({
  level: logLevel(),
  redact: { paths: REDACT_PATHS, censor: '[redacted]' },
});
