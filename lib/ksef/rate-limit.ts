/**
 * Client-side model of KSeF's rate limits (limity/limity-api.md, ksef-protocol.md §10): per
 * (context, endpoint group) sliding windows of 1 s, 60 s and 60 min, all enforced at once. Every
 * request acquires a slot before it is sent, so normal operation never draws a 429. Waiters for one
 * bucket are served round-robin by context, so one busy tenant cannot starve others on a shared
 * (per-IP) bucket. A 429 that still happens blocks the bucket for exactly Retry-After.
 */

export type RateLimitGroup =
  | 'invoiceMetadata'
  | 'invoiceExport'
  | 'invoiceExportStatus'
  | 'invoiceDownload'
  | 'batchSession'
  | 'batchSessionClose'
  | 'onlineSession'
  | 'onlineSessionClose'
  | 'invoiceSend'
  | 'invoiceStatus'
  | 'sessionList'
  | 'sessionInvoiceList'
  | 'sessionMisc'
  | 'collectiveIdentifier'
  | 'other'
  | 'public';

export interface WindowLimits {
  perSecond?: number;
  perMinute?: number;
  perHour?: number;
}

export type RateLimitTable = Record<RateLimitGroup, WindowLimits>;

/**
 * PRD values (DEMO replicates PRD; TEST aligned with PRD since 2.5.0), as in open-api.json 2.8.1.
 * `public` is what GET /rate-limits calls `anonymous`; its `global` group (per IP over all contexts)
 * is off on KSeF and not modelled here.
 */
export const PRODUCTION_RATE_LIMITS: RateLimitTable = {
  invoiceMetadata: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExport: { perSecond: 8, perMinute: 16, perHour: 20 },
  invoiceExportStatus: { perSecond: 10, perMinute: 60, perHour: 600 },
  invoiceDownload: { perSecond: 8, perMinute: 16, perHour: 64 },
  batchSession: { perSecond: 10, perMinute: 20, perHour: 60 },
  /** Closing sessions has its own groups since 2.8.0. */
  batchSessionClose: { perSecond: 20, perMinute: 40, perHour: 120 },
  onlineSession: { perSecond: 10, perMinute: 30, perHour: 120 },
  onlineSessionClose: { perSecond: 20, perMinute: 60, perHour: 240 },
  invoiceSend: { perSecond: 10, perMinute: 30, perHour: 180 },
  invoiceStatus: { perSecond: 30, perMinute: 120, perHour: 1200 },
  sessionList: { perSecond: 5, perMinute: 10, perHour: 60 },
  sessionInvoiceList: { perSecond: 10, perMinute: 20, perHour: 200 },
  sessionMisc: { perSecond: 10, perMinute: 120, perHour: 1200 },
  /** Collective identifiers (2.7; 20/120/240 since 2.7.1). */
  collectiveIdentifier: { perSecond: 20, perMinute: 120, perHour: 240 },
  other: { perSecond: 10, perMinute: 30, perHour: 120 },
  public: { perSecond: 60 },
};

const PUBLIC_PATHS = new Set([
  'POST /auth/challenge',
  'POST /auth/xades-signature',
  'POST /auth/ksef-token',
  'GET /auth/{referenceNumber}',
  'POST /auth/token/redeem',
  'POST /auth/token/refresh',
  'GET /security/public-key-certificates',
  'GET /peppol/query',
]);

/** The test-data endpoints that take a token and count in `other` (the rest of /testdata is public). */
const AUTHENTICATED_TESTDATA = ['/testdata/context/', '/testdata/limits', '/testdata/rate-limits', '/testdata/certificates/'];

const GROUPS: Record<string, RateLimitGroup> = {
  'POST /invoices/query/metadata': 'invoiceMetadata',
  'POST /invoices/exports': 'invoiceExport',
  'GET /invoices/exports/{referenceNumber}': 'invoiceExportStatus',
  'GET /invoices/ksef/{ksefNumber}': 'invoiceDownload',
  'POST /sessions/batch': 'batchSession',
  'POST /sessions/batch/{referenceNumber}/close': 'batchSessionClose',
  'POST /sessions/online': 'onlineSession',
  'POST /sessions/online/{referenceNumber}/close': 'onlineSessionClose',
  'POST /sessions/online/{referenceNumber}/invoices': 'invoiceSend',
  'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}': 'invoiceStatus',
  'GET /sessions': 'sessionList',
  'GET /sessions/{referenceNumber}/invoices': 'sessionInvoiceList',
  'GET /sessions/{referenceNumber}/invoices/failed': 'sessionInvoiceList',
  'GET /sessions/{referenceNumber}': 'sessionMisc',
  'GET /sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo': 'sessionMisc',
  'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo': 'sessionMisc',
  'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}': 'sessionMisc',
  'POST /collective-identifiers': 'collectiveIdentifier',
  'POST /collective-identifiers/query': 'collectiveIdentifier',
  'POST /collective-identifiers/invoices': 'collectiveIdentifier',
  'GET /collective-identifiers/ksef/{ksefNumber}': 'collectiveIdentifier',
};

export interface BucketId {
  group: RateLimitGroup;
  /** Counter key: named groups share one counter; each `other` endpoint has its own. */
  counter: string;
  /** Public endpoints count per IP, i.e. across all contexts of this process. */
  perIp: boolean;
}

export function bucketFor(method: string, pathTemplate: string): BucketId {
  const key = `${method.toUpperCase()} ${pathTemplate}`;
  if (PUBLIC_PATHS.has(key) || (pathTemplate.startsWith('/testdata/') && !AUTHENTICATED_TESTDATA.some((p) => pathTemplate.startsWith(p)))) {
    // Conservative: one shared per-IP counter for all public endpoints.
    return { group: 'public', counter: 'public', perIp: true };
  }
  const group = GROUPS[key];
  if (group) return { group, counter: group, perIp: false };
  return { group: 'other', counter: `other:${key}`, perIp: false };
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Do not keep a CLI alive just because a bucket is waiting for its window.
    (t as { unref?: () => void }).unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface RateLimiterOptions {
  limits?: Partial<RateLimitTable>;
  clock?: Clock;
  /**
   * Extra milliseconds added to each window: KSeF counts arrivals, we count departures, so latency
   * jitter could otherwise squeeze two requests into one server window.
   */
  marginMs?: number;
  /** Fraction of each published limit we allow ourselves (≤ 1). */
  utilization?: number;
  /** Divides window lengths (benchmarks against an emulator running with scaled time). */
  timeScale?: number;
}

interface Waiter {
  context: string;
  resolve: (release: () => void) => void;
  reject: (e: unknown) => void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

interface Window {
  lengthMs: number;
  limit: number;
}

class Bucket {
  /** Departure times, ascending. */
  private times: number[] = [];
  private queues = new Map<string, Waiter[]>();
  private rr: string[] = [];
  private timer: unknown = null;
  private timerAt = 0;
  blockedUntil = 0;

  constructor(
    private readonly windows: Window[],
    private readonly clock: Clock,
  ) {}

  enqueue(w: Waiter): void {
    let q = this.queues.get(w.context);
    if (!q) {
      q = [];
      this.queues.set(w.context, q);
      this.rr.push(w.context);
    }
    q.push(w);
    this.pump();
  }

  remove(w: Waiter): void {
    const q = this.queues.get(w.context);
    if (!q) return;
    const i = q.indexOf(w);
    if (i >= 0) q.splice(i, 1);
    if (q.length === 0) {
      this.queues.delete(w.context);
      this.rr = this.rr.filter((c) => c !== w.context);
    }
  }

  /** Earliest time the next request may depart. */
  nextSlot(now: number): number {
    let t = Math.max(now, this.blockedUntil);
    const maxLen = Math.max(0, ...this.windows.map((w) => w.lengthMs));
    while (this.times.length && this.times[0]! <= now - maxLen) this.times.shift();
    // Moving t for one window can matter for another: iterate to a fixed point.
    for (let changed = true; changed;) {
      changed = false;
      for (const w of this.windows) {
        // Requests inside the window that ends at t: if `limit` of them are there, wait for the oldest to leave.
        const inWindow = this.times.filter((x) => x > t - w.lengthMs);
        if (inWindow.length >= w.limit) {
          const next = inWindow[inWindow.length - w.limit]! + w.lengthMs;
          if (next > t) {
            t = next;
            changed = true;
          }
        }
      }
    }
    return t;
  }

  pump(): void {
    for (;;) {
      if (this.rr.length === 0) return;
      const now = this.clock.now();
      const slot = this.nextSlot(now);
      if (slot > now) {
        this.arm(slot - now, slot);
        return;
      }
      const ctx = this.rr.shift()!;
      const q = this.queues.get(ctx)!;
      const w = q.shift()!;
      if (q.length) this.rr.push(ctx);
      else this.queues.delete(ctx);
      this.times.push(now);
      if (w.signal && w.onAbort) w.signal.removeEventListener('abort', w.onAbort);
      let released = false;
      w.resolve(() => {
        if (released) return;
        released = true;
        this.complete(now);
      });
    }
  }

  private arm(ms: number, at: number): void {
    if (this.timer !== null && this.timerAt <= at) return;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = this.clock.setTimeout(
      () => {
        this.timer = null;
        this.pump();
      },
      Math.max(1, Math.ceil(ms)),
    );
  }

  /**
   * The request that departed at `departedAt` has its answer now. KSeF counted it somewhere in
   * between; count it at the later bound, so event-loop or connection delays before it really left
   * can never squeeze the next window (observed: bursts of 10 delayed ~100 ms by connection set-up).
   */
  private complete(departedAt: number): void {
    const i = this.times.indexOf(departedAt);
    if (i < 0) return;
    this.times.splice(i, 1);
    const now = this.clock.now();
    let j = this.times.length;
    while (j > 0 && this.times[j - 1]! > now) j--;
    this.times.splice(j, 0, now);
    this.pump();
  }

  block(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  get pending(): number {
    let n = 0;
    for (const q of this.queues.values()) n += q.length;
    return n;
  }
}

export class RateLimiter {
  private readonly limits: RateLimitTable;
  private readonly clock: Clock;
  private readonly marginMs: number;
  private readonly utilization: number;
  private readonly timeScale: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(opts: RateLimiterOptions = {}) {
    this.limits = { ...PRODUCTION_RATE_LIMITS, ...opts.limits };
    this.clock = opts.clock ?? systemClock;
    this.marginMs = opts.marginMs ?? 100;
    this.utilization = Math.min(1, opts.utilization ?? 1);
    this.timeScale = opts.timeScale ?? 1;
  }

  /** Replace the limits of some groups, e.g. from `GET /rate-limits` of a context. */
  setLimits(limits: Partial<RateLimitTable>): void {
    Object.assign(this.limits, limits);
    this.buckets.clear();
  }

  private bucket(context: string, id: BucketId): Bucket {
    const key = id.perIp ? `ip|${id.counter}` : `${context}|${id.counter}`;
    let b = this.buckets.get(key);
    if (!b) {
      const l = this.limits[id.group];
      const windows: Window[] = [];
      const add = (limit: number | undefined, len: number) => {
        if (limit && limit > 0) {
          windows.push({
            lengthMs: len / this.timeScale + this.marginMs,
            limit: Math.max(1, Math.floor(limit * this.utilization)),
          });
        }
      };
      add(l.perSecond, 1_000);
      add(l.perMinute, 60_000);
      add(l.perHour, 3_600_000);
      b = new Bucket(windows, this.clock);
      this.buckets.set(key, b);
    }
    return b;
  }

  /**
   * Resolves when a request of this endpoint in this context may be sent, with a `release` to call
   * when its answer (or failure) arrives.
   */
  acquire(context: string, method: string, pathTemplate: string, signal?: AbortSignal): Promise<() => void> {
    const b = this.bucket(context, bucketFor(method, pathTemplate));
    return new Promise<() => void>((resolve, reject) => {
      const w: Waiter = { context, resolve, reject, signal };
      if (signal) {
        if (signal.aborted) return reject(signal.reason);
        w.onAbort = () => {
          b.remove(w);
          reject(signal.reason);
        };
        signal.addEventListener('abort', w.onAbort, { once: true });
      }
      b.enqueue(w);
    });
  }

  /** A 429 arrived anyway: nothing of this bucket leaves before Retry-After has passed. */
  penalize(context: string, method: string, pathTemplate: string, retryAfterSec: number): void {
    const b = this.bucket(context, bucketFor(method, pathTemplate));
    b.block(this.clock.now() + (retryAfterSec * 1000) / this.timeScale);
  }

  /** The earliest departure time for the next request (for tests and diagnostics). */
  nextSlot(context: string, method: string, pathTemplate: string): number {
    return this.bucket(context, bucketFor(method, pathTemplate)).nextSlot(this.clock.now());
  }

  pending(context: string, method: string, pathTemplate: string): number {
    return this.bucket(context, bucketFor(method, pathTemplate)).pending;
  }
}

/**
 * The fastest possible schedule for `n` requests of one group under the limits: the departure time
 * (ms from the first) of the n-th request. Used by the benchmark to state the limit-imposed maximum.
 */
export function minimumDurationMs(n: number, limits: WindowLimits, timeScale = 1): number {
  const windows: Window[] = [];
  if (limits.perSecond) windows.push({ lengthMs: 1000 / timeScale, limit: limits.perSecond });
  if (limits.perMinute) windows.push({ lengthMs: 60_000 / timeScale, limit: limits.perMinute });
  if (limits.perHour) windows.push({ lengthMs: 3_600_000 / timeScale, limit: limits.perHour });
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = times.length ? times[times.length - 1]! : 0;
    for (const w of windows) {
      if (times.length >= w.limit) t = Math.max(t, times[times.length - w.limit]! + w.lengthMs);
    }
    times.push(t);
  }
  return times.length ? times[times.length - 1]! : 0;
}
