import 'server-only';
import { ksefConfig } from '@/lib/config';
import { KsefClient, type SigningCredential } from '@/lib/ksef';

/**
 * KSeF clients signing with tenants' own certificates, cached in memory per tenant + certificate
 * fingerprint (a replaced certificate has a new fingerprint, so another process's stale entry is
 * never used). Each shares the provider client's rate limiter (one budget per IP/context towards
 * KSeF) and token cache (keys include the certificate fingerprint, so tokens never mix).
 */
interface Entry {
  nip: string;
  fingerprint: string;
  base: KsefClient;
  client: KsefClient;
}

const g = globalThis as unknown as { ownCertificateClients?: Map<string, Entry> };
const cache = () => (g.ownCertificateClients ??= new Map());

/** A client for `credential` talking to the same KSeF as `base`, sharing its limiter and token cache. */
export function clientWithCredential(base: KsefClient, credential: SigningCredential): KsefClient {
  const env = base.environment;
  return new KsefClient({
    environment: env.name === 'CUSTOM' ? { baseUrl: env.baseUrl, qrBaseUrl: env.qrBaseUrl } : env.name,
    credential,
    rateLimiter: base.http.rateLimiter,
    tokenCache: base.tokens,
    logger: base.http.logger,
    timeoutMs: ksefConfig().timeoutMs,
  });
}

export function cachedOwnCertificateClient(tenant: { id: string; nip: string }, fingerprint: string, base: KsefClient, load: () => SigningCredential): KsefClient {
  const hit = cache().get(tenant.id);
  if (hit && hit.fingerprint === fingerprint && hit.base === base && hit.nip === tenant.nip) return hit.client;
  if (hit) dropOwnCertificateClient(tenant.id);
  const client = clientWithCredential(base, load());
  cache().set(tenant.id, { nip: tenant.nip, fingerprint, base, client });
  return client;
}

/** On replace/remove/shred: forget the decrypted key and its tokens in this process. */
export function dropOwnCertificateClient(tenantId: string): void {
  const hit = cache().get(tenantId);
  if (!hit) return;
  cache().delete(tenantId);
  hit.client.tokens.drop(hit.client.context(hit.nip).key);
}
