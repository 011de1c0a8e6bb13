/**
 * MF public-key certificates, fetched from `GET /security/public-key-certificates` and cached by usage
 * (bezpieczenstwo/klucze-publiczne-do-szyfrowania.md). On `21470` (unknown or withdrawn key) callers
 * call `invalidate()` and retry once with the fresh key.
 */
import type { HttpClient } from './client';
import { selectPublicKey, type MfPublicKeyCertificate, type PublicKeyUsage } from './crypto';

export class PublicKeyCache {
  private certs: MfPublicKeyCertificate[] | null = null;
  private fetchedAt = 0;
  private inflight: Promise<MfPublicKeyCertificate[]> | null = null;

  constructor(
    private readonly http: HttpClient,
    private readonly ttlMs = 6 * 3600_000,
  ) {}

  private async load(): Promise<MfPublicKeyCertificate[]> {
    if (this.certs && Date.now() - this.fetchedAt < this.ttlMs) return this.certs;
    this.inflight ??= (async () => {
      try {
        const res = await this.http.request({ method: 'GET', path: '/security/public-key-certificates' });
        this.certs = res.body;
        this.fetchedAt = Date.now();
        return res.body;
      } finally {
        this.inflight = null;
      }
    })();
    return this.inflight;
  }

  async get(usage: PublicKeyUsage): Promise<MfPublicKeyCertificate> {
    return selectPublicKey(await this.load(), usage);
  }

  invalidate(): void {
    this.certs = null;
  }
}
