/**
 * The entry point: one `KsefClient` per process, configured with OUR provider identity (certificate or
 * KSeF token), and one lightweight `KsefContext` per tenant NIP obtained from it. A context signs in
 * lazily, shares tokens through the cache, refreshes before expiry, and on a 401 refreshes once and
 * repeats the call (a 401 proves the call was not processed).
 */
import type { ContextIdentifier, ContextIdentifierType } from './auth/auth-token-request';
import { XadesAuthenticator, type Authenticator } from './auth/authenticator';
import { refreshAccessToken, revokeCurrentSession } from './auth/challenge';
import type { SigningCredential } from './auth/credentials';
import { KsefTokenAuthenticator } from './auth/ksef-token';
import { TokenCache } from './auth/token-cache';
import {
  HttpClient,
  resolveEnvironment,
  type EnvironmentConfig,
  type FetchLike,
  type HttpResponse,
  type KsefEnvironment,
  type KsefRequest,
  type Logger,
  type ResponseBody,
  type ResponseKind,
  type RetryOptions,
} from './client';
import type { KsefPath, MethodOf } from './endpoints';
import { KsefConfigError, KsefError, KsefPermissionError, KsefTokenExpiredError } from './errors';
import { PublicKeyCache } from './public-keys';
import { RateLimiter, type RateLimiterOptions } from './rate-limit';
import type { CircuitBreaker } from './circuit-breaker';

export interface KsefClientOptions {
  environment: KsefEnvironment | { baseUrl: string; qrBaseUrl?: string };
  /** Our provider's NIP (the subject of its seal). */
  providerNip?: string;
  /** Provider credential for XAdES authentication. */
  credential?: SigningCredential;
  /** Or a KSeF token (bound to one context; for single-context tools). */
  ksefToken?: string;
  fetch?: FetchLike;
  logger?: Logger;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  rateLimits?: RateLimiterOptions;
  rateLimiter?: RateLimiter;
  tokenCache?: TokenCache;
  /** Ask KSeF TEST to verify the certificate chain (DEMO/PRD always do). */
  verifyCertificateChain?: boolean;
  breaker?: CircuitBreaker;
}

export function nipContext(nip: string): ContextIdentifier {
  if (!/^\d{10}$/.test(nip)) throw new KsefConfigError(`Invalid NIP format`, 'KSEF_INVALID_NIP');
  return { type: 'Nip', value: nip };
}

export class KsefClient {
  readonly http: HttpClient;
  readonly environment: EnvironmentConfig;
  readonly tokens: TokenCache;
  readonly publicKeys: PublicKeyCache;
  readonly authenticator: Authenticator;
  readonly providerNip?: string;
  private readonly contexts = new Map<string, KsefContext>();

  constructor(opts: KsefClientOptions) {
    this.environment = resolveEnvironment(opts.environment);
    this.http = new HttpClient({
      environment: this.environment,
      fetch: opts.fetch,
      logger: opts.logger,
      retry: opts.retry,
      timeoutMs: opts.timeoutMs,
      rateLimiter: opts.rateLimiter ?? new RateLimiter(opts.rateLimits),
      breaker: opts.breaker,
    });
    this.tokens = opts.tokenCache ?? new TokenCache();
    this.publicKeys = new PublicKeyCache(this.http);
    if (opts.credential) {
      this.authenticator = new XadesAuthenticator(opts.credential, { verifyCertificateChain: opts.verifyCertificateChain });
    } else if (opts.ksefToken) {
      this.authenticator = new KsefTokenAuthenticator(opts.ksefToken, this.publicKeys);
    } else {
      throw new KsefConfigError('KsefClient needs a credential (certificate + key) or a KSeF token');
    }
    this.providerNip = opts.providerNip ?? opts.credential?.subjectNip;
  }

  /** The client for one context (normally a tenant's NIP). Cheap; instances are shared. */
  context(context: string | ContextIdentifier): KsefContext {
    const c = typeof context === 'string' ? nipContext(context) : context;
    const key = `${c.type}:${c.value}`;
    let ctx = this.contexts.get(key);
    if (!ctx) {
      ctx = new KsefContext(this, c);
      this.contexts.set(key, ctx);
    }
    return ctx;
  }

  /** The provider's own context (where `POST /permissions/query/entities/grants` lists tenants' grants). */
  own(): KsefContext {
    if (!this.providerNip) throw new KsefConfigError('providerNip is not configured');
    return this.context(this.providerNip);
  }
}

/** All calls in one context (`ContextIdentifier`), authenticated with the provider's credential. */
export class KsefContext {
  readonly identifier: ContextIdentifier;
  readonly key: string;

  constructor(
    readonly client: KsefClient,
    identifier: ContextIdentifier,
  ) {
    this.identifier = identifier;
    this.key = `${client.authenticator.id}|${identifier.type}:${identifier.value}`;
  }

  get http(): HttpClient {
    return this.client.http;
  }

  get rateContext(): string {
    return `${this.identifier.type}:${this.identifier.value}`;
  }

  private source() {
    return {
      authenticate: () => this.client.authenticator.authenticate(this.client.http, this.identifier),
      refresh: (refreshToken: string) => refreshAccessToken(this.client.http, refreshToken),
    };
  }

  /** Authenticates (or reuses cached tokens) and returns a valid access token. */
  async accessToken(): Promise<string> {
    try {
      return await this.client.tokens.getAccessToken(this.key, this.source());
    } catch (e) {
      // No permission left in this context (415) or the credential refused: forget the tokens.
      if (e instanceof KsefPermissionError || e instanceof KsefTokenExpiredError) this.client.tokens.drop(this.key);
      throw e;
    }
  }

  /** An authenticated request in this context; path, method and answer typed from the contract (endpoints.ts). */
  async request<P extends KsefPath, M extends MethodOf<P>, K extends ResponseKind = 'json'>(req: KsefRequest<P, M, K>): Promise<HttpResponse<ResponseBody<P, M, K>>> {
    for (let attempt = 0; ; attempt++) {
      const token = await this.accessToken();
      try {
        return await this.client.http.request<P, M, K>({ ...req, bearer: token, rateContext: this.rateContext });
      } catch (e) {
        if (attempt === 0 && e instanceof KsefError && e.httpStatus === 401) {
          // Expired or revoked access token mid-run: refresh (or re-authenticate) once and repeat.
          this.client.tokens.invalidateAccess(this.key, token);
          continue;
        }
        throw e;
      }
    }
  }

  /** Ends our authentication session in this context and forgets its tokens. */
  async logout(): Promise<void> {
    const t = this.client.tokens.peek(this.key);
    this.client.tokens.drop(this.key);
    if (t) await revokeCurrentSession(this.client.http, t.refreshToken).catch(() => undefined);
  }

  contextType(): ContextIdentifierType {
    return this.identifier.type;
  }
}
