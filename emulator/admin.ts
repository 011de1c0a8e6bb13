/**
 * Admin API (JSON over HTTP, outside /v2; documented in docs/emulator.md): fault injection, latency,
 * token expiry, grants/revocations without authentication, state summary, reset.
 */
import type { Emu } from './core';
import type { FaultMode, FaultRegistry } from './faults';
import { addGrant, revokeGrant } from './permissions';
import type { Identifier } from './state';

export interface AdminReply {
  status: number;
  body?: unknown;
}

const NIP_RE = /^\d{10}$/;

export function handleAdmin(
  em: Emu,
  faults: FaultRegistry,
  method: string,
  sub: string,
  body: Record<string, unknown>,
  hooks: { reset: () => void; operations: () => unknown; resetRateLimits: () => void },
): AdminReply {
  const bad = (msg: string): AdminReply => ({ status: 400, body: { error: msg } });
  const key = `${method} ${sub}`;
  switch (key) {
    case 'POST /faults': {
      const mode = body.mode as FaultMode;
      if (typeof body.operation !== 'string' || !body.operation) return bad('operation (route name, "METHOD /template" or path glob) is required');
      if (!['http500', 'http503', 'timeout', 'drop', 'session-unavailable', 'http429', 'html502', 'upo-not-ready'].includes(mode))
        return bad('mode must be http500 | http503 | timeout | drop | session-unavailable | http429 | html502 | upo-not-ready');
      const count = body.count === undefined ? 1 : Number(body.count);
      if (!Number.isInteger(count) || count < 1) return bad('count must be a positive integer');
      const when = body.when === 'after' ? 'after' : 'before';
      return { status: 201, body: faults.addFault({ operation: body.operation, mode, remaining: count, when }) };
    }
    case 'GET /faults':
      return { status: 200, body: { faults: faults.faults, latencies: faults.latencies } };
    case 'DELETE /faults':
      faults.clear();
      return { status: 204 };
    case 'POST /latency': {
      const ms = Number(body.ms);
      if (!Number.isFinite(ms) || ms < 0) return bad('ms must be a number >= 0');
      faults.setLatency(typeof body.operation === 'string' ? body.operation : undefined, ms);
      return { status: 200, body: { latencies: faults.latencies } };
    }
    case 'POST /expire-tokens': {
      const scope = typeof body.contextNip === 'string' ? body.contextNip : '*';
      const kind = (body.kind as string) ?? 'access';
      // +1 s: JWT iat has second resolution, so anything issued up to now is caught.
      const cutoff = Date.now() + 1000;
      if (kind === 'access' || kind === 'all') em.s.tokensInvalidBefore[scope] = cutoff;
      if (kind === 'refresh' || kind === 'all') em.s.refreshInvalidBefore[scope] = cutoff;
      em.store.touch();
      return { status: 200, body: { expired: kind, contextNip: scope === '*' ? null : scope } };
    }
    case 'POST /grants': {
      const contextNip = String(body.contextNip ?? '');
      const subject = subjectOf(body);
      if (!NIP_RE.test(contextNip) || !subject) return bad('contextNip (10 digits) and subjectNip (or subjectIdentifier {type, value}) are required');
      const perms = Array.isArray(body.permissions) ? (body.permissions as string[]) : ['InvoiceWrite', 'InvoiceRead'];
      const kind = subject.type === 'Nip' && ['InvoiceWrite', 'InvoiceRead'].includes(perms[0] ?? '') && perms.every((p) => p === 'InvoiceWrite' || p === 'InvoiceRead') ? 'entity' : 'person';
      const added = perms
        .map((p) =>
          addGrant(em, {
            kind,
            context: { type: 'Nip', value: contextNip },
            subject,
            permission: p,
            canDelegate: !!body.canDelegate,
            description: typeof body.description === 'string' ? body.description : 'Granted through the emulator admin API',
            author: { type: 'Nip', value: contextNip },
            subjectName: typeof body.subjectName === 'string' ? body.subjectName : `Podmiot ${subject.value}`,
          }),
        )
        .filter(Boolean);
      return { status: 200, body: { granted: added } };
    }
    case 'POST /revoke': {
      const contextNip = String(body.contextNip ?? '');
      const subject = subjectOf(body);
      if (!NIP_RE.test(contextNip) || !subject) return bad('contextNip and subjectNip (or subjectIdentifier) are required');
      const perms = Array.isArray(body.permissions) ? (body.permissions as string[]) : undefined;
      const victims = em.s.grants.filter((g) => g.context.value === contextNip && em.subjectMatches(g.subject, subject) && (!perms || perms.includes(g.permission)));
      victims.forEach((g) => revokeGrant(em, g));
      return { status: 200, body: { revoked: victims.map((g) => g.id) } };
    }
    case 'POST /block-context':
      em.s.blockedContexts[`Nip:${String(body.contextNip)}`] = body.blocked !== false;
      return { status: 200, body: {} };
    case 'POST /reset-rate-limits':
      hooks.resetRateLimits();
      return { status: 204 };
    case 'GET /state': {
      const contexts = new Set<string>();
      em.s.grants.forEach((g) => contexts.add(g.context.value));
      Object.values(em.s.authOps).forEach((o) => contexts.add(o.context.value));
      const sessions = Object.values(em.s.sessions);
      return {
        status: 200,
        body: {
          contexts: [...contexts].sort(),
          grants: em.s.grants.map((g) => ({ id: g.id, kind: g.kind, context: g.context, subject: g.subject, permission: g.permission, canDelegate: g.canDelegate })),
          authentications: Object.keys(em.s.authOps).length,
          sessions: {
            total: sessions.length,
            online: sessions.filter((s) => s.type === 'Online').length,
            batch: sessions.filter((s) => s.type === 'Batch').length,
            open: sessions.filter((s) => s.status.code === 100).length,
          },
          invoices: {
            total: Object.keys(em.s.invoices).length,
            accepted: Object.values(em.s.invoices).filter((i) => i.status.code === 200).length,
            rejected: Object.values(em.s.invoices).filter((i) => i.status.code >= 400).length,
          },
          ksefTokens: Object.keys(em.s.tokens).length,
          exports: Object.keys(em.s.exports).length,
          faults: faults.faults.length,
          rateLimits: em.opts.rateLimits,
          processingDelayMs: em.opts.processingDelayMs,
        },
      };
    }
    case 'POST /reset':
      faults.clear();
      hooks.reset();
      return { status: 204 };
    case 'GET /operations':
      return { status: 200, body: hooks.operations() };
    case 'POST /processing-delay': {
      const ms = Number(body.ms);
      if (!Number.isFinite(ms) || ms < 0) return bad('ms must be >= 0');
      em.opts.processingDelayMs = ms;
      return { status: 200, body: { processingDelayMs: ms } };
    }
    default:
      return { status: 404, body: { error: `unknown admin endpoint ${key}` } };
  }
}

function subjectOf(body: Record<string, unknown>): Identifier | undefined {
  if (typeof body.subjectNip === 'string' && NIP_RE.test(body.subjectNip)) return { type: 'Nip', value: body.subjectNip };
  const si = body.subjectIdentifier as Identifier | undefined;
  if (si && typeof si.type === 'string' && typeof si.value === 'string') return si;
  return undefined;
}
