/**
 * Shared runtime of one emulator instance: options, state store, logger, timers for asynchronous
 * processing, and the permission model (uprawnienia.md): the owner of a NIP context (subject NIP =
 * context NIP, or a PESEL bound to it via /testdata/person) holds every permission except VatUeManage;
 * everyone else holds what was granted in that context.
 */
import type { Logger } from 'pino';
import type { Ctx } from './http';
import type { Profile } from './rate-limit';
import { forbidden, missingPermissions, unauthorized } from './http';
import type { AccessContext } from './tokens-jwt';
import type { GrantRec, Identifier, StateData } from './state';
import { Store } from './state';
import { verifyJwt } from './tokens-jwt';

export interface EmulatorOptions {
  port?: number;
  host?: string;
  processingDelayMs?: number;
  /** Rate-limit profile (rate-limit.ts): 'production' by default, as on TEST since API 2.5.0; 'raised' ×10; 'off'. */
  rateLimits?: Profile;
  accessTokenTtlSec?: number;
  refreshTokenTtlSec?: number;
  requireTrustedCa?: { caCertsPem: string[] } | false;
  stateFile?: string;
  publicBaseUrl?: string;
  logger?: Logger;
  /** RSA size of the emulator's own encryption keys (default 2048; the real service's size is not documented). */
  rsaKeyBits?: number;
  /** Append the environment suffix to UPO NazwaPodmiotuPrzyjmujacego as TEST does (breaks the XSD's fixed value). */
  upoEnvironmentSuffix?: boolean;
}

/**
 * Owner = every invoice and administrative permission except VatUeManage (uprawnienia.md); that
 * includes CollectiveIdentifierManage, new in API 2.7.0 (inferred: the 2.7 docs add the permission
 * without naming who holds it; docs/emulator.md).
 */
export const OWNER_PERMISSIONS = ['InvoiceWrite', 'InvoiceRead', 'CredentialsManage', 'CredentialsRead', 'Introspection', 'SubunitManage', 'CollectiveIdentifierManage'];

export class Emu {
  readonly store: Store;
  readonly timers = new Set<NodeJS.Timeout>();
  baseUrl = '';
  rootUrl = '';
  closed = false;

  constructor(
    readonly opts: Required<Pick<EmulatorOptions, 'processingDelayMs' | 'rateLimits' | 'accessTokenTtlSec' | 'refreshTokenTtlSec'>> & EmulatorOptions,
    data: StateData,
    readonly log: Logger | undefined,
  ) {
    this.store = new Store(data, opts.stateFile);
  }

  get s(): StateData {
    return this.store.data;
  }

  /** Run `fn` after the configured processing delay; synchronously when the delay is 0. */
  later(fn: () => void, factor = 1): void {
    const ms = this.opts.processingDelayMs * factor;
    const run = () => {
      if (this.closed) return;
      try {
        fn();
      } catch (e) {
        this.log?.error({ err: e }, 'emulator async processing failed');
      }
      this.store.touch();
    };
    if (ms <= 0) {
      run();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      run();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  // ---- permissions --------------------------------------------------------------------------

  isOwner(context: Identifier, subject: Identifier): boolean {
    if (context.type !== 'Nip') return false;
    if (subject.type === 'Nip' && subject.value === context.value) return true;
    if (subject.type === 'Pesel') return this.s.persons[context.value]?.pesel === subject.value;
    return false;
  }

  subjectMatches(a: Identifier, b: Identifier): boolean {
    if (a.type !== b.type) return false;
    return a.type === 'Fingerprint' ? a.value.toUpperCase() === b.value.toUpperCase() : a.value === b.value;
  }

  grantsFor(context: Identifier, subject: Identifier): GrantRec[] {
    return this.s.grants.filter((g) => g.context.type === context.type && g.context.value === context.value && this.subjectMatches(g.subject, subject) && g.kind !== 'authorization');
  }

  /** Current permissions of `subject` in `context` (owner rights + grants). */
  permissionsOf(context: Identifier, subject: Identifier): string[] {
    const out = new Set<string>();
    if (this.isOwner(context, subject)) {
      OWNER_PERMISSIONS.forEach((p) => out.add(p));
      const person = this.s.persons[context.value];
      if (person?.isBailiff) out.add('EnforcementOperations');
      if (this.s.subjects[context.value]?.subjectType === 'EnforcementAuthority') out.add('EnforcementOperations');
    }
    for (const g of this.grantsFor(context, subject)) out.add(g.permission);
    return [...out];
  }

  // ---- bearer tokens ------------------------------------------------------------------------

  /** Verify the bearer token of a request; `kinds` lists acceptable token types. */
  authenticate(ctx: Ctx, kinds: AccessContext['type'][]): AccessContext {
    const h = ctx.header('authorization');
    const m = h ? /^Bearer\s+(\S+)$/i.exec(h) : null;
    if (!m) throw unauthorized('Wymagane jest uwierzytelnienie.');
    const claims = verifyJwt(this.s.secret, m[1]!);
    if (!claims) throw unauthorized('Nieprawidłowy token.');
    if (!kinds.includes(claims.type)) throw unauthorized('Nieprawidłowy rodzaj tokena dla tej operacji.');
    const nowSec = Date.now() / 1000;
    if (claims.exp <= nowSec) throw unauthorized('Token wygasł.');
    const invalid = claims.type === 'RefreshToken' ? this.s.refreshInvalidBefore : this.s.tokensInvalidBefore;
    const cutoff = Math.max(invalid['*'] ?? 0, invalid[claims.contextValue] ?? 0);
    if (claims.iat * 1000 < cutoff) throw unauthorized('Token wygasł.');
    if (claims.type !== 'OperationToken') {
      const op = this.s.authOps[claims.authRef];
      const ips = op?.allowedIps;
      if (ips && !ipAllowed(ctx.ip, ips)) throw forbidden('ip-not-allowed', 'Żądanie pochodzi z adresu IP innego niż wskazany podczas uwierzytelnienia.', { clientIp: ctx.ip });
    }
    return claims;
  }

  requireAny(auth: AccessContext, anyOf: string[]): void {
    if (!anyOf.some((p) => auth.permissions.includes(p))) throw missingPermissions(anyOf, auth.permissions);
  }

  url(pathBelowRoot: string): string {
    return `${this.opts.publicBaseUrl ? this.opts.publicBaseUrl.replace(/\/v2\/?$/, '').replace(/\/$/, '') : this.rootUrl}${pathBelowRoot}`;
  }
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
}

export function ipAllowed(ipRaw: string, p: { ip4Addresses: string[]; ip4Ranges: string[]; ip4Masks: string[] }): boolean {
  const ip = ipRaw.replace(/^::ffff:/, '');
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip)) return false;
  const n = ipToInt(ip);
  if (p.ip4Addresses.includes(ip)) return true;
  for (const r of p.ip4Ranges) {
    const [a, b] = r.split('-');
    if (a && b && n >= ipToInt(a) && n <= ipToInt(b)) return true;
  }
  for (const m of p.ip4Masks) {
    const [base, bits] = m.split('/');
    const k = Number(bits);
    const mask = k === 0 ? 0 : (0xffffffff << (32 - k)) >>> 0;
    if (base && (n & mask) >>> 0 === (ipToInt(base) & mask) >>> 0) return true;
  }
  return false;
}
