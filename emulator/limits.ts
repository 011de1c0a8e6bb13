/**
 * Limits endpoints and their TEST overrides (limity/limity.md, limity/limity-api.md).
 */
import type { Emu } from './core';
import type { Route } from './http';
import { json } from './http';
import { PRODUCTION_LIMITS, profileLimits, reportedLimits, type Limits } from './rate-limit';

export const DEFAULT_SESSION_LIMITS = {
  onlineSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10000 },
  batchSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10000 },
  /** API 2.7.1: invoices in one collective identifier (default 500, GenerateCollectiveIdentifierRequest; TEST override 2–5000). */
  collectiveIdentifier: { maxInvoices: 500 },
};
export type SessionLimits = typeof DEFAULT_SESSION_LIMITS;

/** The context's limits: a TEST override where set (a state file from before 2.7.1 has no collectiveIdentifier: the default fills it). */
export function contextLimits(em: Emu, contextValue: string): SessionLimits {
  const o = em.s.contextLimits[contextValue] as Partial<SessionLimits> | undefined;
  return o ? { ...DEFAULT_SESSION_LIMITS, ...o } : DEFAULT_SESSION_LIMITS;
}

/**
 * The limits in force for a context: the profile's, with the groups a `/testdata/rate-limits`
 * override names replacing them (ApiRateLimitsOverride has no close, anonymous or global groups:
 * those keep the profile's values). Under 'off' nothing is enforced, production is reported.
 */
export function effectiveRateLimits(em: Emu, contextValue: string | undefined): Record<string, Limits> {
  const base = profileLimits(em.opts.rateLimits === 'off' ? 'production' : em.opts.rateLimits);
  const o = contextValue ? em.s.rateLimitOverrides[contextValue] : undefined;
  return o ? { ...base, ...o } : base;
}

/** An override as stored: the known groups only (a negative value, GET /rate-limits' "no limit", is enforced as none). */
function overrideOf(body: Record<string, Limits>): Record<string, Limits> {
  return Object.fromEntries(Object.entries(body).filter(([g]) => g in PRODUCTION_LIMITS));
}

const DEFAULT_SUBJECT_LIMITS = { enrollment: { maxEnrollments: 300 }, certificate: { maxCertificates: 100 } };

export function limitsRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'other', handler });
  return [
    r('GET', '/limits/context', 'limits.context', (ctx) => json(200, contextLimits(em, ctx.auth!.contextValue))),
    r('GET', '/limits/subject', 'limits.subject', (ctx) => json(200, em.s.subjectLimits[ctx.auth!.subjectValue] ?? DEFAULT_SUBJECT_LIMITS)),
    r('GET', '/rate-limits', 'limits.rateLimits', (ctx) => json(200, reportedLimits(effectiveRateLimits(em, ctx.auth!.contextValue)))),
    r('POST', '/testdata/limits/context/session', 'testdata.limits.context.set', (ctx) => {
      em.s.contextLimits[ctx.auth!.contextValue] = ctx.json();
      em.store.touch();
      return { status: 200 };
    }),
    r('DELETE', '/testdata/limits/context/session', 'testdata.limits.context.reset', (ctx) => {
      delete em.s.contextLimits[ctx.auth!.contextValue];
      em.store.touch();
      return { status: 200 };
    }),
    r('POST', '/testdata/limits/subject/certificate', 'testdata.limits.subject.set', (ctx) => {
      const b = ctx.json<{ enrollment?: unknown; certificate?: unknown }>();
      em.s.subjectLimits[ctx.auth!.subjectValue] = { ...DEFAULT_SUBJECT_LIMITS, ...Object.fromEntries(Object.entries(b).filter(([k, v]) => k !== 'subjectIdentifierType' && v)) };
      em.store.touch();
      return { status: 200 };
    }),
    r('DELETE', '/testdata/limits/subject/certificate', 'testdata.limits.subject.reset', (ctx) => {
      delete em.s.subjectLimits[ctx.auth!.subjectValue];
      em.store.touch();
      return { status: 200 };
    }),
    r('POST', '/testdata/rate-limits', 'testdata.rateLimits.set', (ctx) => {
      em.s.rateLimitOverrides[ctx.auth!.contextValue] = overrideOf(ctx.json<{ rateLimits: Record<string, Limits> }>().rateLimits);
      em.store.touch();
      return { status: 200 };
    }),
    r('DELETE', '/testdata/rate-limits', 'testdata.rateLimits.reset', (ctx) => {
      delete em.s.rateLimitOverrides[ctx.auth!.contextValue];
      em.store.touch();
      return { status: 200 };
    }),
    r('POST', '/testdata/rate-limits/production', 'testdata.rateLimits.production', (ctx) => {
      em.s.rateLimitOverrides[ctx.auth!.contextValue] = PRODUCTION_LIMITS;
      em.store.touch();
      return { status: 200 };
    }),
  ];
}
