/**
 * Limits endpoints and their TEST overrides (limity/limity.md, limity/limity-api.md).
 */
import type { Emu } from './core';
import type { Route } from './http';
import { json } from './http';
import { PRODUCTION_LIMITS, profileLimits, type Limits } from './rate-limit';

export const DEFAULT_SESSION_LIMITS = {
  onlineSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10000 },
  batchSession: { maxInvoiceSizeInMB: 1, maxInvoiceWithAttachmentSizeInMB: 3, maxInvoices: 10000 },
};
export type SessionLimits = typeof DEFAULT_SESSION_LIMITS;

export function contextLimits(em: Emu, contextValue: string): SessionLimits {
  return (em.s.contextLimits[contextValue] as SessionLimits | undefined) ?? DEFAULT_SESSION_LIMITS;
}

export function effectiveRateLimits(em: Emu, contextValue: string | undefined): Record<string, Limits> {
  const o = contextValue ? em.s.rateLimitOverrides[contextValue] : undefined;
  if (o) return o;
  return profileLimits(em.opts.rateLimits === 'off' ? 'production' : em.opts.rateLimits);
}

const DEFAULT_SUBJECT_LIMITS = { enrollment: { maxEnrollments: 300 }, certificate: { maxCertificates: 100 } };

export function limitsRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'other', handler });
  return [
    r('GET', '/limits/context', 'limits.context', (ctx) => json(200, contextLimits(em, ctx.auth!.contextValue))),
    r('GET', '/limits/subject', 'limits.subject', (ctx) => json(200, em.s.subjectLimits[ctx.auth!.subjectValue] ?? DEFAULT_SUBJECT_LIMITS)),
    r('GET', '/rate-limits', 'limits.rateLimits', (ctx) => json(200, effectiveRateLimits(em, ctx.auth!.contextValue))),
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
      em.s.rateLimitOverrides[ctx.auth!.contextValue] = ctx.json<{ rateLimits: Record<string, Limits> }>().rateLimits;
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
