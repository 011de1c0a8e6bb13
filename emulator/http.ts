/**
 * Transport basics: replies, the official error bodies, request context and the router.
 * Error formats (api-changelog.md, open-api.json): 400 legacy `ExceptionResponse` by default,
 * `BadRequestProblemDetails` with `X-Error-Format: problem-details`; 401/403/410 always
 * application/problem+json; 429 `TooManyRequestsResponse` (or problem details) + Retry-After.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { exceptionDescription } from './openapi';

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, or raw bytes/text (then contentType should be set). */
  body?: unknown;
  raw?: Buffer | string;
  contentType?: string;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });
export const noContent = (): Reply => ({ status: 204 });

/** Date-time as the API prints it: UTC, 7 fractional digits, `+00:00`. */
export function apiDate(d: Date | number | string = new Date()): string {
  const iso = new Date(d).toISOString(); // 2025-07-11T12:23:56.015Z
  return `${iso.slice(0, 23)}0000+00:00`;
}

export type ErrorKind = 'exception' | 'unauthorized' | 'forbidden' | 'gone' | 'tooMany' | 'notImplemented' | 'notFound';

export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly status: number,
    message: string,
    readonly extra: {
      errors?: { code: number; description: string; details?: string[] }[];
      reasonCode?: string;
      security?: Record<string, unknown>;
      retryAfter?: number;
    } = {},
  ) {
    super(message);
  }
}

/** 400 with one or more exception codes; description from open-api.json. */
export function exception(code: number, details?: string[] | string, more: { code: number; details?: string[] }[] = []): ApiError {
  const list = [{ code, details: typeof details === 'string' ? [details] : details }, ...more].map((e) => ({
    code: e.code,
    description: exceptionDescription(e.code),
    details: e.details,
  }));
  return new ApiError('exception', 400, list[0]!.description, { errors: list });
}
export const unauthorized = (detail = 'Wymagane jest uwierzytelnienie.') => new ApiError('unauthorized', 401, detail);
export const forbidden = (reasonCode: string, detail: string, security?: Record<string, unknown>) => new ApiError('forbidden', 403, detail, { reasonCode, security });
export const missingPermissions = (required: string[], present: string[]) =>
  forbidden('missing-permissions', 'Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.', {
    requiredAnyOfPermissions: required,
    presentPermissions: present,
  });
export const gone = (detail = 'Zasób wygasł i nie jest już dostępny.') => new ApiError('gone', 410, detail);
export const notImplemented = (what: string) => new ApiError('notImplemented', 501, `KSeF emulator: ${what} is not implemented by the emulator (the real KSeF supports it).`);

export function traceId(): string {
  return randomBytes(16).toString('hex');
}

function legacyTimestamp(): string {
  // The legacy body's timestamp has no offset in the official example ("2025-10-11T12:23:56.0154302").
  return `${new Date().toISOString().slice(0, 23)}0000`;
}

export function errorReply(err: ApiError, ctx: { path: string; problem: boolean; traceId: string }): Reply {
  const instance = ctx.path;
  const timestamp = apiDate();
  const problem = (body: Record<string, unknown>, status: number, headers?: Record<string, string>): Reply => ({
    status,
    body,
    contentType: 'application/problem+json',
    headers,
  });
  switch (err.kind) {
    case 'exception': {
      const errors = err.extra.errors ?? [];
      if (ctx.problem) return problem({ title: 'Bad Request', status: 400, instance, detail: 'Żądanie jest nieprawidłowe.', errors, timestamp, traceId: ctx.traceId }, 400);
      return {
        status: 400,
        body: {
          exception: {
            exceptionDetailList: errors.map((e) => ({
              exceptionCode: e.code,
              exceptionDescription: e.description,
              details: e.details ?? null,
            })),
            referenceNumber: null,
            serviceCode: `00-${ctx.traceId}-${ctx.traceId.slice(0, 16)}-00`,
            serviceCtx: 'srvEMULA',
            serviceName: 'Undefined',
            timestamp: legacyTimestamp(),
          },
        },
      };
    }
    case 'unauthorized':
      return problem({ title: 'Unauthorized', status: 401, detail: err.message, instance, traceId: ctx.traceId, timestamp }, 401);
    case 'forbidden':
      return problem(
        {
          title: 'Forbidden',
          status: 403,
          detail: err.message,
          instance,
          reasonCode: err.extra.reasonCode,
          security: err.extra.security ?? null,
          traceId: ctx.traceId,
          timestamp,
        },
        403,
      );
    case 'gone':
      return problem({ title: 'Gone', status: 410, instance, detail: err.message, timestamp, traceId: ctx.traceId }, 410);
    case 'tooMany': {
      const headers = { 'Retry-After': String(err.extra.retryAfter ?? 1) };
      if (ctx.problem) return problem({ title: 'Too Many Requests', status: 429, instance, detail: err.message, timestamp, traceId: ctx.traceId }, 429, headers);
      return { status: 429, headers, body: { status: { code: 429, description: 'Too Many Requests', details: [err.message] } } };
    }
    case 'notImplemented':
      return { status: 501, body: { title: 'Not Implemented', status: 501, detail: err.message, instance, traceId: ctx.traceId, timestamp } };
    case 'notFound':
      return { status: 404, body: { title: 'Not Found', status: 404, detail: err.message, instance, traceId: ctx.traceId, timestamp } };
  }
}

// ---- request context and router ----------------------------------------------------------------

export interface Ctx {
  method: string;
  /** Path below the base, e.g. `/auth/challenge`. */
  path: string;
  template: string;
  params: Record<string, string>;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  ip: string;
  body: Buffer;
  traceId: string;
  problem: boolean;
  /** Set by the auth middleware for Bearer-protected routes. */
  auth?: import('./tokens-jwt').AccessContext;
  header(name: string): string | undefined;
  json<T = Record<string, unknown>>(): T;
}

/** `X-KSeF-Feature` names a switch of the test environments (e.g. `subject-identifier-validation`, API 2.8.0); several may be listed. */
export function hasFeature(ctx: Pick<Ctx, 'header'>, feature: string): boolean {
  return (ctx.header('x-ksef-feature') ?? '').split(/[\s,;]+/).some((f) => f.toLowerCase() === feature);
}

export type AuthMode = 'public' | 'access' | 'operation' | 'refresh' | 'access-or-refresh' | 'none';

export interface Route {
  method: string;
  /** Path template exactly as in open-api.json, e.g. `/sessions/{referenceNumber}`. */
  template: string;
  /** Short stable name, usable in fault injection (`sessions.online.send`). */
  name: string;
  auth: AuthMode;
  /** Rate-limit group (limity-api.md); 'public' = per IP. */
  group: string;
  /** Validate the JSON body against open-api.json (default true for POST/PUT with a JSON schema). */
  validateBody?: boolean;
  /** Not implemented: answers 501 right after authentication, before rate limits and validation (route-table.ts). */
  stub?: boolean;
  /** Business checks that the real service applies before schema validation (e.g. 21161 before maxItems). */
  preValidate?: (body: unknown) => void;
  handler: (ctx: Ctx) => Reply | Promise<Reply>;
}

export interface CompiledRoute extends Route {
  re: RegExp;
  keys: string[];
}

export function compileRoute(r: Route): CompiledRoute {
  const keys: string[] = [];
  const re = new RegExp(
    '^' +
      r.template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a: string, b: string) => {
        keys.push(a ?? b);
        return '([^/]+)';
      }) +
      '$',
  );
  return { ...r, re, keys };
}

/** Literal segments win over parameters (`/sessions/{ref}/invoices/failed` before `/{invoiceRef}`). */
export function matchRoute(routes: CompiledRoute[], method: string, path: string) {
  let best: { route: CompiledRoute; params: Record<string, string>; score: number } | undefined;
  let pathMatched = false;
  for (const r of routes) {
    const m = r.re.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1]!)));
    const score = r.keys.length;
    if (!best || score < best.score) best = { route: r, params, score };
  }
  return { best, pathMatched };
}
