/**
 * Access/refresh tokens per (credential, context). Access tokens are refreshed before they expire;
 * concurrent callers share one in-flight authentication or refresh (single-flight); an entry whose
 * refresh is refused (21301 — revoked, permissions withdrawn) is dropped and authentication starts
 * again, which then fails cleanly (415) if nothing is left in that context.
 */
import { KsefError, KsefTokenExpiredError } from '../errors';
import type { TokenPair } from './challenge';

export interface TokenSource {
  authenticate(): Promise<TokenPair>;
  refresh(refreshToken: string): Promise<{ accessToken: string; accessValidUntil: number }>;
}

export interface TokenCacheOptions {
  now?: () => number;
  /** Refresh this long before `validUntil` (capped at a quarter of the token lifetime). */
  refreshAheadMs?: number;
}

interface Entry extends TokenPair {
  issuedAt: number;
}

export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly inflight = new Map<string, Promise<Entry>>();
  private readonly now: () => number;
  private readonly refreshAheadMs: number;
  readonly stats = { authentications: 0, refreshes: 0, drops: 0 };

  constructor(opts: TokenCacheOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.refreshAheadMs = opts.refreshAheadMs ?? 60_000;
  }

  private fresh(e: Entry, until: number): boolean {
    const ahead = Math.min(this.refreshAheadMs, Math.max(0, (until - e.issuedAt) / 4));
    return this.now() < until - ahead;
  }

  /** A usable access token for `key`, authenticating or refreshing as needed. */
  async getAccessToken(key: string, source: TokenSource): Promise<string> {
    const e = this.entries.get(key);
    if (e && this.fresh(e, e.accessValidUntil)) return e.accessToken;
    return (await this.renew(key, source)).accessToken;
  }

  private renew(key: string, source: TokenSource): Promise<Entry> {
    const running = this.inflight.get(key);
    if (running) return running;
    const p = (async (): Promise<Entry> => {
      const e = this.entries.get(key);
      if (e && this.fresh(e, e.accessValidUntil)) return e;
      if (e && this.now() < e.refreshValidUntil) {
        try {
          this.stats.refreshes++;
          const r = await source.refresh(e.refreshToken);
          const next: Entry = { ...e, ...r, issuedAt: this.now() };
          this.entries.set(key, next);
          return next;
        } catch (err) {
          // Refresh refused (revoked / expired / permissions changed): start over. Transient errors propagate.
          if (!(err instanceof KsefTokenExpiredError) && !(err instanceof KsefError && err.httpStatus === 401)) throw err;
          this.entries.delete(key);
          this.stats.drops++;
        }
      }
      this.stats.authentications++;
      const pair = await source.authenticate();
      const next: Entry = { ...pair, issuedAt: this.now() };
      this.entries.set(key, next);
      return next;
    })();
    this.inflight.set(key, p);
    p.then(
      () => this.inflight.delete(key),
      () => this.inflight.delete(key),
    );
    return p;
  }

  /** The server refused this access token (401): make the next call refresh instead of reusing it. */
  invalidateAccess(key: string, accessToken: string): void {
    const e = this.entries.get(key);
    if (e && e.accessToken === accessToken) this.entries.set(key, { ...e, accessValidUntil: 0 });
  }

  /** Forget everything about `key` (revocation, 415, logout). */
  drop(key: string): void {
    if (this.entries.delete(key)) this.stats.drops++;
  }

  peek(key: string): Readonly<TokenPair> | undefined {
    return this.entries.get(key);
  }
}
