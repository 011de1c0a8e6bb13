import 'server-only';
import { createKsefClientFromEnv, type KsefClient, type KsefContext } from '@/lib/ksef';
import { ksefConfig } from '@/lib/config';
import { rawDb } from '@/lib/db/client';
import { logger } from '@/lib/logger';
import { ownCertificateContext } from '../own-certificate/own-certificate-context';
import { availabilityBreaker } from './availability';

/**
 * The one KsefClient of this process, with OUR provider identity (certificate from files/env, never
 * the database). Shared so that the token cache and the rate-limit scheduler see every call.
 */
const g = globalThis as unknown as { ksefClient?: KsefClient };

export function ksefClient(): KsefClient {
  if (!g.ksefClient) {
    let environment = '';
    const breaker = availabilityBreaker(() => environment);
    g.ksefClient = createKsefClientFromEnv(ksefConfig().providerEnv, { logger: logger.child({ module: 'ksef' }), breaker });
    environment = g.ksefClient.environment.baseUrl;
  }
  return g.ksefClient;
}

/** The environment this deployment talks to, or null when KSeF is not configured (pages still work). */
export function ksefEnvironmentKey(): string | null {
  try {
    return ksefClient().environment.baseUrl;
  } catch {
    return null;
  }
}

/** Tests and the dev runner swap the client (e.g. after starting an emulator on a random port). */
export function setKsefClient(client: KsefClient | undefined) {
  g.ksefClient = client;
}

/** Our provider NIP, shown to tenants as the NIP to grant permissions to. */
export function providerNip(): string | undefined {
  return ksefConfig().providerNip ?? g.ksefClient?.providerNip;
}

/** The "simulate in KSeF" panel exists only when we talk to our own emulator. */
export function emulatorAdminUrl(): string | undefined {
  return ksefConfig().emulatorAdminUrl;
}

/** A tenant's KSeF context was asked for before the account proved control of the NIP. */
export class NipUnverifiedError extends Error {
  constructor(readonly tenantId: string) {
    super('NIP not verified for this account: no KSeF call in its context');
  }
}

/**
 * The KSeF context every tenant operation goes through. Delegated mode: our provider identity in the
 * tenant's NIP context. Own-certificate mode: a client signing with the tenant's certificate (cached
 * per tenant + fingerprint, sharing the provider client's rate limiter); throws
 * OwnCertificateUnavailableError when that certificate is missing or expired, so callers can hold work.
 *
 * Refused (NipUnverifiedError) until the account has proven control of the NIP: our certificate can
 * act in every context that granted us, so the binding read here from the database is what stops a
 * stranger who typed a company's NIP. The one exception is `verificationKsefContext`.
 */
export async function tenantKsefContext(tenantId: string, client?: KsefClient): Promise<KsefContext> {
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { nip: true, nipVerifiedAt: true } });
  if (!tenant.nipVerifiedAt) throw new NipUnverifiedError(tenantId);
  return contextFor({ id: tenantId, nip: tenant.nip }, client);
}

/**
 * Only for the permission check (lib/server/ksef-access/check-permissions.ts), which proves or reads
 * the binding: it authenticates and reads the grants we hold in the context — never invoice data.
 */
export async function verificationKsefContext(tenant: { id: string; nip: string }, client?: KsefClient): Promise<KsefContext> {
  return contextFor(tenant, client);
}

async function contextFor(tenant: { id: string; nip: string }, client?: KsefClient): Promise<KsefContext> {
  const base = client ?? ksefClient();
  return (await ownCertificateContext(tenant, base)) ?? base.context(tenant.nip);
}
