import { createKsefClientFromEnv, type KsefClient, type KsefContext } from '@/lib/ksef';
import { logger } from '@/lib/logger';
import { ownCertificateContext } from '../own-certificate/own-certificate-context';

/**
 * The one KsefClient of this process, with OUR provider identity (certificate from files/env, never
 * the database). Shared so that the token cache and the rate-limit scheduler see every call.
 */
const g = globalThis as unknown as { ksefClient?: KsefClient };

export function ksefClient(): KsefClient {
  g.ksefClient ??= createKsefClientFromEnv(process.env, { logger: logger.child({ module: 'ksef' }) });
  return g.ksefClient;
}

/** Tests and the dev runner swap the client (e.g. after starting an emulator on a random port). */
export function setKsefClient(client: KsefClient | undefined) {
  g.ksefClient = client;
}

/** Our provider NIP, shown to tenants as the NIP to grant permissions to. */
export function providerNip(): string | undefined {
  return process.env.KSEF_PROVIDER_NIP ?? g.ksefClient?.providerNip;
}

/** The "simulate in KSeF" panel exists only when we talk to our own emulator. */
export function emulatorAdminUrl(): string | undefined {
  return process.env.KSEF_EMULATOR_ADMIN_URL || undefined;
}

/**
 * The KSeF context every tenant operation goes through. Delegated mode: our provider identity in the
 * tenant's NIP context. Own-certificate mode: a client signing with the tenant's certificate (cached
 * per tenant + fingerprint, sharing the provider client's rate limiter); throws
 * OwnCertificateUnavailableError when that certificate is missing or expired, so callers can hold work.
 */
export async function tenantKsefContext(tenant: { id: string; nip: string }, client?: KsefClient): Promise<KsefContext> {
  const base = client ?? ksefClient();
  return (await ownCertificateContext(tenant, base)) ?? base.context(tenant.nip);
}
