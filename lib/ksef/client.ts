/**
 * The HTTP layer of the KSeF client: environments, a swappable fetch, per-request timeouts, the rate
 * limiter, error mapping, and retries with backoff + jitter for what is safe to repeat. What is safe is
 * decided by the caller per request (`retry`): an invoice send is `'not-processed-only'` — repeated
 * only after answers that prove KSeF did not process it (429, 401) — never after a timeout or a 5xx.
 */
import { KsefError, KsefRateLimitError, KsefTimeoutError, KsefUnavailableError, errorFromResponse, KsefConfigError } from './errors';
import type { CircuitBreaker } from './circuit-breaker';
import type { ContractBody, HttpMethod, KsefPath, MethodOf, Operation, PathParams } from './endpoints';
import { RateLimiter } from './rate-limit';
import { parseResponse, responseSchema, type ParsedBody, type ParsedEndpoint } from './responses';

export type KsefEnvironment = 'TEST' | 'DEMO' | 'PRD';

export const ENVIRONMENTS: Record<KsefEnvironment, { baseUrl: string; qrBaseUrl: string }> = {
  TEST: { baseUrl: 'https://api-test.ksef.mf.gov.pl/v2', qrBaseUrl: 'https://qr-test.ksef.mf.gov.pl' },
  DEMO: { baseUrl: 'https://api-demo.ksef.mf.gov.pl/v2', qrBaseUrl: 'https://qr-demo.ksef.mf.gov.pl' },
  PRD: { baseUrl: 'https://api.ksef.mf.gov.pl/v2', qrBaseUrl: 'https://qr.ksef.mf.gov.pl' },
};

export interface EnvironmentConfig {
  name: KsefEnvironment | 'CUSTOM';
  baseUrl: string;
  qrBaseUrl: string;
}

export function resolveEnvironment(env: KsefEnvironment | 'CUSTOM' | { baseUrl: string; qrBaseUrl?: string }): EnvironmentConfig {
  if (typeof env === 'object') {
    return { name: 'CUSTOM', baseUrl: env.baseUrl.replace(/\/+$/, ''), qrBaseUrl: env.qrBaseUrl ?? ENVIRONMENTS.TEST.qrBaseUrl };
  }
  if (env === 'CUSTOM') throw new KsefConfigError('A CUSTOM environment needs a base URL (KSEF_BASE_URL)');
  const e = ENVIRONMENTS[env];
  if (!e) throw new KsefConfigError(`Unknown KSeF environment ${String(env)}`);
  return { name: env, ...e };
}

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warn() {} };

export interface RetryOptions {
  /** Extra attempts after the first. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest Retry-After we are willing to sleep inside one call before surfacing the 429. */
  maxRetryAfterSec: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 4, baseDelayMs: 250, maxDelayMs: 8_000, maxRetryAfterSec: 120 };

/**
 * - `idempotent`: repeat on network errors, timeouts, 5xx and 429.
 * - `not-processed-only`: repeat only on 429 (KSeF refused before processing).
 * - `none`: never repeat.
 */
export type RetryMode = 'idempotent' | 'not-processed-only' | 'none';

export type ResponseKind = 'json' | 'text' | 'bytes' | 'none';

interface RequestFields<P, M, K> {
  method: M;
  /** Path template of the contract, relative to the base URL, e.g. `/sessions/{referenceNumber}`; also the rate-limit key. */
  path: P;
  query?: Record<string, string | number | boolean | string[] | undefined>;
  headers?: Record<string, string>;
  json?: unknown;
  xml?: string;
  retry?: RetryMode;
  response?: K;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Path parameters exactly as the contract's template names them (none: none allowed). */
type ParamsOf<O> = [PathParams<O>] extends [never] ? { params?: undefined } : { params: PathParams<O> };

/** A call in a context (endpoints.ts): path and method must exist in the contract. */
export type KsefRequest<P extends KsefPath = KsefPath, M extends MethodOf<P> = MethodOf<P>, K extends ResponseKind = ResponseKind> = RequestFields<P, M, K> & ParamsOf<Operation<P, M>>;

export type HttpRequest<P extends KsefPath = KsefPath, M extends MethodOf<P> = MethodOf<P>, K extends ResponseKind = ResponseKind> = KsefRequest<P, M, K> & {
  bearer?: string;
  /** Rate-limit context (the context identifier); public endpoints share one per-IP bucket anyway. */
  rateContext?: string;
};

/** What the transport itself handles: any path, parameters as strings. */
type WireRequest = RequestFields<string, HttpMethod, ResponseKind> & { params?: Record<string, string>; bearer?: string; rateContext?: string };

/**
 * The body a request gives back: what responses.ts parsed for a checked endpoint, else the
 * contract's type (trusted), the raw bytes or text, or nothing.
 */
export type ResponseBody<P extends KsefPath, M extends HttpMethod, K extends ResponseKind> = K extends 'none'
  ? undefined
  : K extends 'text'
    ? string
    : `${M} ${P}` extends ParsedEndpoint
      ? ParsedBody<`${M} ${P}`>
      : K extends 'bytes'
        ? Buffer
        : ContractBody<Operation<P, M>>;

export interface HttpResponse<T> {
  status: number;
  body: T;
  headers: Headers;
}

export interface HttpClientOptions {
  environment: EnvironmentConfig;
  fetch?: FetchLike;
  rateLimiter?: RateLimiter;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  logger?: Logger;
  /** Sleep function (tests); defaults to setTimeout. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  userAgent?: string;
  /** Stops calling a KSeF that keeps failing (circuit-breaker.ts); none: every request goes out. */
  breaker?: CircuitBreaker;
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Full jitter: uniform in [0, min(cap, base·2^attempt)] (AWS architecture blog), at least 50 ms. */
export function backoffDelay(attempt: number, o: RetryOptions, random = Math.random): number {
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** attempt);
  return Math.max(50, Math.round(random() * ceiling));
}

export class HttpClient {
  readonly environment: EnvironmentConfig;
  readonly rateLimiter: RateLimiter;
  readonly logger: Logger;
  private readonly fetchImpl: FetchLike;
  private readonly retryOpts: RetryOptions;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly userAgent: string;
  readonly breaker?: CircuitBreaker;
  /** Counters for diagnostics and the benchmark. */
  readonly stats = { requests: 0, http429: 0, retries: 0, http5xx: 0, timeouts: 0 };

  constructor(opts: HttpClientOptions) {
    this.environment = opts.environment;
    this.fetchImpl = opts.fetch ?? ((input, init) => fetch(input, init));
    this.rateLimiter = opts.rateLimiter ?? new RateLimiter();
    this.retryOpts = { ...DEFAULT_RETRY, ...opts.retry };
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.logger = opts.logger ?? silentLogger;
    this.sleep = opts.sleep ?? defaultSleep;
    this.userAgent = opts.userAgent ?? 'ksef-faktury-client/0.1';
    this.breaker = opts.breaker;
  }

  url(req: Pick<WireRequest, 'path' | 'params' | 'query'>): string {
    const path = req.path.replace(/\{(\w+)\}/g, (_, k: string) => {
      const v = req.params?.[k];
      if (v === undefined) throw new Error(`Missing path parameter ${k}`);
      return encodeURIComponent(v);
    });
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) qs.append(k, x);
      else qs.append(k, String(v));
    }
    const q = qs.toString();
    return `${this.environment.baseUrl}${path}${q ? `?${q}` : ''}`;
  }

  async request<P extends KsefPath, M extends MethodOf<P>, K extends ResponseKind = 'json'>(req: HttpRequest<P, M, K>): Promise<HttpResponse<ResponseBody<P, M, K>>> {
    // The body was parsed by its endpoint's schema in once(), or is the contract's (trusted) type.
    return (await this.breakerGuarded(req as WireRequest)) as HttpResponse<ResponseBody<P, M, K>>;
  }

  private async breakerGuarded(req: WireRequest): Promise<HttpResponse<unknown>> {
    if (!this.breaker) return this.send(req);
    this.breaker.check();
    try {
      const r = await this.send(req);
      this.breaker.success();
      return r;
    } catch (e) {
      // Unreachable after every retry counts against KSeF; an answer, even an error, shows it is up.
      if ((e instanceof KsefUnavailableError && e.retryable) || e instanceof KsefTimeoutError) this.breaker.failure();
      else if (e instanceof KsefError) this.breaker.success();
      throw e;
    }
  }

  private send(req: WireRequest): Promise<HttpResponse<unknown>> {
    const url = this.url(req);
    const ctx = req.rateContext ?? '-';
    return this.withRetries(
      req.retry ?? (req.method === 'GET' ? 'idempotent' : 'none'),
      req,
      async () => {
        const release = await this.rateLimiter.acquire(ctx, req.method, req.path, req.signal);
        try {
          return await this.once(req, url);
        } finally {
          release();
        }
      },
      (sec) => this.rateLimiter.penalize(ctx, req.method, req.path, sec),
    );
  }

  /**
   * The one retry loop, for API calls and presigned URLs alike. A 429 proves KSeF refused before
   * processing: waiting Retry-After and repeating is safe in every mode but `none`. Unreachable or
   * 5xx may have been processed: repeated with backoff only when the call is `idempotent`.
   */
  private async withRetries<T>(mode: RetryMode, what: { path: string; signal?: AbortSignal }, attempt: () => Promise<T>, onRateLimited?: (retryAfterSec: number) => void): Promise<T> {
    for (let n = 0; ; n++) {
      let err: KsefError;
      try {
        return await attempt();
      } catch (e) {
        if (!(e instanceof KsefError)) throw e;
        err = e;
      }
      let delayMs: number;
      if (err instanceof KsefRateLimitError) {
        const sec = err.retryAfterSec ?? 1;
        onRateLimited?.(sec);
        if (mode === 'none' || n >= this.retryOpts.maxRetries || sec > this.retryOpts.maxRetryAfterSec) throw err;
        delayMs = sec * 1000;
        this.logger.warn({ path: what.path, retryAfterSec: sec }, 'KSeF 429, waiting Retry-After');
      } else {
        const transient = (err instanceof KsefUnavailableError || err instanceof KsefTimeoutError) && err.retryable;
        if (mode !== 'idempotent' || !transient || n >= this.retryOpts.maxRetries) throw err;
        delayMs = backoffDelay(n, this.retryOpts);
        this.logger.warn({ path: what.path, attempt: n, delayMs, code: err.code }, 'KSeF transient error, retrying');
      }
      this.stats.retries++;
      await this.sleep(delayMs, what.signal);
    }
  }

  private async once(req: WireRequest, url: string): Promise<HttpResponse<unknown>> {
    const headers: Record<string, string> = { Accept: 'application/json', 'User-Agent': this.userAgent, ...req.headers };
    let body: string | undefined;
    if (req.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(req.json);
    } else if (req.xml !== undefined) {
      headers['Content-Type'] = 'application/xml';
      body = req.xml;
    }
    if (req.bearer) headers.Authorization = `Bearer ${req.bearer}`;
    const timeout = AbortSignal.timeout(req.timeoutMs ?? this.timeoutMs);
    const signal = req.signal ? AbortSignal.any([req.signal, timeout]) : timeout;
    const started = Date.now();
    this.stats.requests++;
    let res: Response;
    let raw: Buffer;
    try {
      res = await this.fetchImpl(url, { method: req.method, headers, body, signal });
      raw = Buffer.from(await res.arrayBuffer());
    } catch (e) {
      if (req.signal?.aborted) throw req.signal.reason;
      if (timeout.aborted) {
        this.stats.timeouts++;
        throw new KsefTimeoutError({ message: `KSeF did not answer in time (${req.method} ${req.path})` });
      }
      throw new KsefUnavailableError({
        message: `KSeF connection failed (${req.method} ${req.path}): ${(e as Error).message}`,
      });
    }
    const ms = Date.now() - started;
    const warning = res.headers.get('x-system-warning');
    if (warning) this.logger.warn({ path: req.path, warning }, 'KSeF system warning');
    this.logger.debug({ method: req.method, path: req.path, status: res.status, ms }, 'KSeF request');
    if (res.status >= 400) {
      if (res.status === 429) this.stats.http429++;
      if (res.status >= 500) this.stats.http5xx++;
      let parsed: unknown = undefined;
      try {
        parsed = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        parsed = undefined;
      }
      const ra = res.headers.get('retry-after');
      const retryAfterSec = ra !== null && /^\d+$/.test(ra.trim()) ? Number(ra) : ra ? Math.max(0, (Date.parse(ra) - Date.now()) / 1000) : undefined;
      throw errorFromResponse(res.status, parsed, { retryAfterSec, operation: `${req.method} ${req.path}` });
    }
    const kind = req.response ?? 'json';
    let out: unknown;
    if (kind === 'json') {
      try {
        out = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        throw new KsefError('KSEF_PROTOCOL', { message: `KSeF returned invalid JSON (${req.method} ${req.path})`, httpStatus: res.status });
      }
    } else if (kind === 'text') out = raw.toString('utf8');
    else if (kind === 'bytes') out = raw;
    const endpoint = `${req.method} ${req.path}`;
    const schema = kind === 'none' ? undefined : responseSchema(endpoint);
    return { status: res.status, body: schema ? parseResponse(schema, out, endpoint, res.status) : out, headers: res.headers };
  }

  /** Presigned storage URLs (batch parts, UPO, export parts): no token, not rate-limited. */
  async raw(
    url: string,
    init: { method: string; headers?: Record<string, string>; body?: Uint8Array; retry?: RetryMode; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<{ status: number; body: Buffer; headers: Headers }> {
    const mode = init.retry ?? (init.method === 'GET' ? 'idempotent' : 'none');
    return this.withRetries(mode, { path: 'presigned URL', signal: init.signal }, async () => {
      const timeout = AbortSignal.timeout(init.timeoutMs ?? Math.max(this.timeoutMs, 120_000));
      const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
      let res: Response;
      let body: Buffer;
      try {
        res = await this.fetchImpl(url, { method: init.method, headers: init.headers, body: init.body as BodyInit | undefined, signal });
        body = Buffer.from(await res.arrayBuffer());
      } catch (e) {
        if (init.signal?.aborted) throw init.signal.reason;
        if (timeout.aborted) throw new KsefTimeoutError({ message: 'Storage URL did not answer in time' });
        throw new KsefUnavailableError({ message: `Storage URL failed: ${(e as Error).message}` });
      }
      if (res.status < 400) return { status: res.status, body, headers: res.headers };
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        parsed = undefined;
      }
      throw errorFromResponse(res.status, parsed, { operation: `${init.method} presigned URL` });
    });
  }
}
