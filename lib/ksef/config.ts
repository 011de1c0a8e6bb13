/**
 * Provider configuration from the environment (docs/ksef-client.md), parsed once with zod. The
 * credential itself is read by auth/credentials.ts (files or PEM variables, never the database).
 */
import { z } from 'zod';
import { credentialFromEnv } from './auth/credentials';
import { KsefConfigError } from './errors';
import { KsefClient, type KsefClientOptions } from './ksef-client';

const EnvSchema = z
  .object({
    KSEF_ENV: z.enum(['TEST', 'DEMO', 'PRD', 'CUSTOM']).default('TEST'),
    KSEF_BASE_URL: z.string().url().optional(),
    KSEF_QR_BASE_URL: z.string().url().optional(),
    KSEF_PROVIDER_NIP: z
      .string()
      .regex(/^\d{10}$/, 'must be 10 digits')
      .optional(),
    KSEF_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
  })
  .refine((e) => e.KSEF_ENV !== 'CUSTOM' || !!e.KSEF_BASE_URL, { message: 'KSEF_BASE_URL is required when KSEF_ENV=CUSTOM' });

export type KsefEnvConfig = z.infer<typeof EnvSchema>;

export function parseKsefEnv(env: Record<string, string | undefined>): KsefEnvConfig {
  const r = EnvSchema.safeParse(env);
  if (!r.success) {
    // Names and rules only; zod issues here never carry secret values (no secret is in this schema).
    throw new KsefConfigError(r.error.issues.map((i) => `${i.path.join('.') || 'env'}: ${i.message}`).join('; '));
  }
  return r.data;
}

/** A client for the configured environment and provider credential. */
export function createKsefClientFromEnv(env: Record<string, string | undefined>, extra: Partial<KsefClientOptions> = {}): KsefClient {
  const cfg = parseKsefEnv(env);
  const credential = extra.credential ?? credentialFromEnv(env);
  const environment = cfg.KSEF_ENV === 'CUSTOM' || cfg.KSEF_BASE_URL ? { baseUrl: cfg.KSEF_BASE_URL!, qrBaseUrl: cfg.KSEF_QR_BASE_URL } : cfg.KSEF_ENV;
  const client = new KsefClient({ environment, credential, providerNip: cfg.KSEF_PROVIDER_NIP, timeoutMs: cfg.KSEF_TIMEOUT_MS, ...extra });
  if (cfg.KSEF_PROVIDER_NIP && credential.subjectNip && credential.subjectNip !== cfg.KSEF_PROVIDER_NIP) {
    throw new KsefConfigError(`KSEF_PROVIDER_NIP does not match the NIP in the provider certificate`);
  }
  return client;
}
