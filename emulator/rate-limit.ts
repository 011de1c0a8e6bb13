/**
 * Sliding-window rate limits (limity/limity-api.md): protected endpoints per (context, IP), public ones
 * per IP; per-second, per-minute and per-hour windows apply together; the first exceeded blocks.
 * Profiles: 'production' = the official table; 'test' = ×10 (limity-api.md, 22.11.2025); 'off'.
 */
export interface Limits {
  perSecond: number;
  perMinute: number;
  perHour: number;
}

export const PRODUCTION_LIMITS: Record<string, Limits> = {
  onlineSession: { perSecond: 10, perMinute: 30, perHour: 120 },
  batchSession: { perSecond: 10, perMinute: 20, perHour: 60 },
  invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 },
  invoiceStatus: { perSecond: 30, perMinute: 120, perHour: 1200 },
  sessionList: { perSecond: 5, perMinute: 10, perHour: 60 },
  sessionInvoiceList: { perSecond: 10, perMinute: 20, perHour: 200 },
  sessionMisc: { perSecond: 10, perMinute: 120, perHour: 1200 },
  invoiceMetadata: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExport: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExportStatus: { perSecond: 10, perMinute: 60, perHour: 600 },
  invoiceDownload: { perSecond: 8, perMinute: 16, perHour: 64 },
  other: { perSecond: 10, perMinute: 30, perHour: 120 },
};
/** Public endpoints: 60 req/s per IP (x-rate-limits in open-api.json); no minute/hour limit. */
export const PUBLIC_LIMIT: Limits = { perSecond: 60, perMinute: Infinity, perHour: Infinity };

export type Profile = 'production' | 'test' | 'off';

export function profileLimits(profile: Profile): Record<string, Limits> {
  const factor = profile === 'test' ? 10 : 1;
  return Object.fromEntries(Object.entries(PRODUCTION_LIMITS).map(([k, v]) => [k, { perSecond: v.perSecond * factor, perMinute: v.perMinute * factor, perHour: v.perHour * factor }]));
}

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
      if (!Number.isFinite(limit)) continue;
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
