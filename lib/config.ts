import { z } from 'zod';

/**
 * Every environment variable the app reads, parsed here and nowhere else (lint forbids
 * `process.env` in lib/, app/ and components/ outside this file; README § Configuration lists the
 * variables). A wrong value stops the caller with a message naming the variable.
 *
 * The variables come in sections, each parsed on its first use: a unit test, a script or the
 * worker needs only some of them (the logger must not demand DATABASE_URL). A section is parsed
 * again only when one of its variables changes: tests and the dev runner set variables at run time
 * (the KSeF emulator's URL, a rotated master key), and a value cached forever would miss that.
 */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}\nSee README.md § Configuration.`);
    this.name = 'ConfigError';
  }
}

type Shape = Record<string, z.ZodType>;

function section<S extends Shape, T = z.infer<z.ZodObject<S>>>(shape: S, map?: (parsed: z.infer<z.ZodObject<S>>) => T): () => T {
  const schema = z.object(shape);
  const keys = Object.keys(shape);
  let last: { raw: (string | undefined)[]; value: T } | undefined;
  return () => {
    // An empty variable (`FOO=` in a .env file) means unset, as it did for every reader before.
    const raw = keys.map((k) => process.env[k] || undefined);
    if (last && raw.every((v, i) => v === last!.raw[i])) return last.value;
    const parsed = schema.safeParse(Object.fromEntries(keys.map((k, i) => [k, raw[i]])));
    // Names and rules only, never the values: some of these are secrets.
    if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
    const value = map ? map(parsed.data) : (parsed.data as T);
    last = { raw, value };
    return value;
  };
}

const NODE_ENV = z.enum(['development', 'production', 'test']).default('development');
const LOG_LEVEL = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);
const AUTH_SECRET = z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)');
const positiveInt = z.coerce.number().int().positive();

/** What the web app and the worker need to run at all. */
export const config = section({
  NODE_ENV,
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL'),
  AUTH_SECRET,
  APP_URL: z.url().optional(),
  LOG_LEVEL: LOG_LEVEL.default('info'),
});

export type AppConfig = ReturnType<typeof config>;

const runtime = section({ NODE_ENV });

/** Production deployment: secure cookies, mandatory master keys. */
export const isProduction = () => runtime().NODE_ENV === 'production';

/** pino's level; tests are silent unless LOG_LEVEL says otherwise. */
export const logLevel = section({ NODE_ENV, LOG_LEVEL: LOG_LEVEL.optional() }, (e) => e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'));

/** The key Auth.js session cookies are encrypted with. */
export const authSecret = section({ AUTH_SECRET }, (e) => e.AUTH_SECRET);

/**
 * SECRETS_MASTER_KEYS as written; lib/secrets/envelope.ts parses the keyring and names what is
 * wrong with it. Undefined when unset (allowed outside production until a key is needed).
 */
export const secretsMasterKeys = section({ SECRETS_MASTER_KEYS: z.string().optional() }, (e) => e.SECRETS_MASTER_KEYS);

/**
 * The variables lib/ksef reads to build our provider client (lib/ksef/config.ts checks the
 * environment name, URLs and NIP, auth/credentials.ts reads the seal). lib/ksef is a library and
 * gets them as an argument, never from the process.
 */
const KSEF_PROVIDER_VARS = [
  'KSEF_ENV',
  'KSEF_BASE_URL',
  'KSEF_QR_BASE_URL',
  'KSEF_PROVIDER_NIP',
  'KSEF_PROVIDER_CERT_PEM',
  'KSEF_PROVIDER_KEY_PEM',
  'KSEF_PROVIDER_CERT_FILE',
  'KSEF_PROVIDER_KEY_FILE',
  'KSEF_PROVIDER_KEY_PASSWORD',
  'KSEF_PROVIDER_P12_FILE',
  'KSEF_PROVIDER_P12_PASSWORD',
] as const;

type KsefProviderVar = (typeof KSEF_PROVIDER_VARS)[number];
export type KsefProviderEnv = Partial<Record<KsefProviderVar | 'KSEF_TIMEOUT_MS', string>>;

/** How this deployment talks to KSeF. */
export const ksefConfig = section(
  {
    ...(Object.fromEntries(KSEF_PROVIDER_VARS.map((k) => [k, z.string().optional()])) as Record<KsefProviderVar, z.ZodOptional<z.ZodString>>),
    KSEF_TIMEOUT_MS: positiveInt.optional(),
    KSEF_BATCH_THRESHOLD: positiveInt.default(50),
    KSEF_EMULATOR_ADMIN_URL: z.url().optional(),
  },
  (e) => ({
    /** For createKsefClientFromEnv / credentialFromEnv (strings, as lib/ksef parses them itself). */
    providerEnv: { ...Object.fromEntries(KSEF_PROVIDER_VARS.map((k) => [k, e[k]])), KSEF_TIMEOUT_MS: e.KSEF_TIMEOUT_MS?.toString() } as KsefProviderEnv,
    environment: e.KSEF_ENV,
    providerNip: e.KSEF_PROVIDER_NIP,
    timeoutMs: e.KSEF_TIMEOUT_MS,
    /** From this many queued invoices of a tenant, one batch session instead of an online one. */
    batchThreshold: e.KSEF_BATCH_THRESHOLD,
    /** Set only when we talk to our own emulator: the „simulate in KSeF” panel. */
    emulatorAdminUrl: e.KSEF_EMULATOR_ADMIN_URL,
  }),
);

/** Parallel jobs per worker process. */
export const workerConcurrency = section({ WORKER_CONCURRENCY: positiveInt.default(4) }, (e) => e.WORKER_CONCURRENCY);

/**
 * Outgoing e-mail. SMTP_URL: `smtp://user:password@host:587` (STARTTLS when the server offers it) or
 * `smtps://…:465`; unset, nothing can be e-mailed (the dev and e2e runners start a local server and
 * set it). DEV_OUTBOX_DIR: where that local server keeps what it receives; set, the app shows it at
 * /dev/outbox — never set it in production. Links in e-mails start with APP_URL, never with a
 * request's Host header (a forged Host would send a reset link to an attacker's site).
 */
export const mailConfig = section(
  {
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\/[^\s]+$/, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('KSeF Faktury <no-reply@ksef-faktury.local>'),
    DEV_OUTBOX_DIR: z.string().optional(),
    APP_URL: z.url().optional(),
    NODE_ENV,
  },
  (e) => ({
    smtpUrl: e.SMTP_URL,
    from: e.MAIL_FROM,
    devOutboxDir: e.DEV_OUTBOX_DIR,
    /** Outside production a missing APP_URL means the local app. */
    appUrl: (e.APP_URL ?? (e.NODE_ENV === 'production' ? undefined : 'http://localhost:3000'))?.replace(/\/$/, ''),
  }),
);
