/**
 * Sliding-window rate limits (limity/limity-api.md, the `x-rate-limits` and 429 tables of
 * open-api.json): protected endpoints per (context, IP) and group, public (anonymous) ones per IP;
 * per-second, per-minute and per-hour windows apply together; the first exceeded blocks.
 * Profiles: 'production' = the official table, which TEST has applied since API 2.5.0 (the default);
 * 'raised' = every group ×10, an explicit option for local runs that must not wait on limits
 * ('test' is its old name, from before 2.5.0 when TEST had raised limits); 'off' = no limits.
 */
export interface Limits {
  perSecond: number;
  perMinute: number;
  perHour: number;
}

/** The groups of open-api.json 2.8.1 (GET /rate-limits example, each operation's 429 table). */
export const PRODUCTION_LIMITS: Record<string, Limits> = {
  onlineSession: { perSecond: 10, perMinute: 30, perHour: 120 },
  /** Closing has its own groups since 2.8.0, at twice the opening limits. */
  onlineSessionClose: { perSecond: 20, perMinute: 60, perHour: 240 },
  batchSession: { perSecond: 10, perMinute: 20, perHour: 60 },
  batchSessionClose: { perSecond: 20, perMinute: 40, perHour: 120 },
  invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 },
  invoiceStatus: { perSecond: 30, perMinute: 120, perHour: 1200 },
  sessionList: { perSecond: 5, perMinute: 10, perHour: 60 },
  sessionInvoiceList: { perSecond: 10, perMinute: 20, perHour: 200 },
  sessionMisc: { perSecond: 10, perMinute: 120, perHour: 1200 },
  invoiceMetadata: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExport: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExportStatus: { perSecond: 10, perMinute: 60, perHour: 600 },
  invoiceDownload: { perSecond: 8, perMinute: 16, perHour: 64 },
  /** Collective identifiers (2.7.0; 20/120/240 since 2.7.1). */
  collectiveIdentifier: { perSecond: 20, perMinute: 120, perHour: 240 },
  other: { perSecond: 10, perMinute: 30, perHour: 120 },
};
/** Public endpoints (GET /rate-limits group `anonymous` since 2.8.0): 60 req/s per IP; no minute/hour limit. */
export const PUBLIC_LIMIT: Limits = { perSecond: 60, perMinute: Infinity, perHour: Infinity };
/** Group `global` (2.8.0): future per-IP limits over all contexts, switched off on KSeF for now. */
export const GLOBAL_LIMIT: Limits = { perSecond: Infinity, perMinute: Infinity, perHour: Infinity };

export type Profile = 'production' | 'raised' | 'test' | 'off';
export const PROFILES: readonly Profile[] = ['production', 'raised', 'test', 'off'];
export const RAISED_FACTOR = 10;

export function profileLimits(profile: Profile): Record<string, Limits> {
  const factor = profile === 'raised' || profile === 'test' ? RAISED_FACTOR : 1;
  return Object.fromEntries(Object.entries(PRODUCTION_LIMITS).map(([k, v]) => [k, { perSecond: v.perSecond * factor, perMinute: v.perMinute * factor, perHour: v.perHour * factor }]));
}

/** GET /rate-limits: every group of EffectiveApiRateLimits, "no limit" as -1 (as KSeF reports `anonymous` and `global`). */
export function reportedLimits(table: Record<string, Limits>): Record<string, Limits> {
  const out = (l: Limits): Limits => ({ perSecond: finite(l.perSecond), perMinute: finite(l.perMinute), perHour: finite(l.perHour) });
  return { ...Object.fromEntries(Object.entries(table).map(([k, v]) => [k, out(v)])), anonymous: out(PUBLIC_LIMIT), global: out(GLOBAL_LIMIT) };
}
const finite = (n: number) => (Number.isFinite(n) && n >= 0 ? n : -1);

const WINDOWS = [
  { key: 'perSecond', ms: 1_000, label: 'sekundę' },
  { key: 'perMinute', ms: 60_000, label: 'minutę' },
  { key: 'perHour', ms: 3_600_000, label: 'godzinę' },
] as const;

export interface RateDecision {
  allowed: boolean;
  retryAfterSec?: number;
  message?: string;
}

export class SlidingWindowLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Count a request for `key` if it fits all windows; otherwise report how long to wait. */
  hit(key: string, limits: Limits): RateDecision {
    const t = this.now();
    let list = this.hits.get(key);
    if (!list) {
      list = [];
      this.hits.set(key, list);
    }
    // Drop what fell out of the longest window.
    let drop = 0;
    while (drop < list.length && list[drop]! <= t - 3_600_000) drop++;
    if (drop) list.splice(0, drop);
    for (const w of WINDOWS) {
      const limit = limits[w.key];
      if (!Number.isFinite(limit) || limit < 0) continue; // Infinity or -1: no limit in this window
      // Requests inside the window: list is sorted, find the first index within it.
      let i = list.length;
      while (i > 0 && list[i - 1]! > t - w.ms) i--;
      const inWindow = list.length - i;
      if (inWindow >= limit) {
        // The request becomes possible when the oldest counted one leaves the window.
        const oldest = list[list.length - limit]!;
        const waitMs = oldest + w.ms - t;
        const retryAfterSec = Math.max(1, Math.ceil(waitMs / 1000));
        return {
          allowed: false,
          retryAfterSec,
          message: `Przekroczono limit ${limit} żądań na ${w.label}. Spróbuj ponownie po ${retryAfterSec} sekundach.`,
        };
      }
    }
    list.push(t);
    return { allowed: true };
  }

  reset(): void {
    this.hits.clear();
  }
}
