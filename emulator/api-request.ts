/**
 * One call under /v2: route match, body, injected faults and latency, then authentication, rate
 * limits, parameter and body validation and the handler, every failure answered as KSeF does.
 */
import type http from 'node:http';
import type { Logger } from 'pino';
import type { Emu } from './core';
import { applyFault, type ErrorContext } from './fault-replies';
import type { FaultRegistry, RouteRef } from './faults';
import type { CompiledRoute, Ctx, Reply, Route } from './http';
import { ApiError, errorReply, exception, matchRoute, traceId } from './http';
import { readBody, send } from './http-io';
import { effectiveRateLimits } from './limits';
import { loadSpec, validateParams, validateRequestBody } from './openapi';
import { PUBLIC_LIMIT, type SlidingWindowLimiter } from './rate-limit';

/** What serving a request needs: the state, the injected faults, the rate limiter and the routes. */
export interface EmulatorRuntime {
  em: Emu;
  faults: FaultRegistry;
  limiter: SlidingWindowLimiter;
  routes: CompiledRoute[];
  log?: Logger;
}

interface ApiRequest {
  req: http.IncomingMessage;
  url: URL;
  method: string;
  /** Below /v2, e.g. `/auth/challenge`. */
  path: string;
  ip: string;
}

export async function serveApi(rt: EmulatorRuntime, req: http.IncomingMessage, res: http.ServerResponse, method: string, url: URL): Promise<void> {
  const ip = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
  const path = url.pathname.slice(3);
  const tid = traceId();
  const problem = /problem-details/i.test(String(req.headers['x-error-format'] ?? ''));
  const extra: Record<string, string> = {};
  const warn = req.headers['x-test-system-warning'];
  if (typeof warn === 'string') extra['X-System-Warning'] = warn; // TEST echoes it (ksef-protocol.md §1.3)
  const errCtx: ErrorContext = { path: url.pathname, problem, traceId: tid };

  const { best, pathMatched } = matchRoute(rt.routes, method, path);
  if (!best) {
    const reply = errorReply(new ApiError('notFound', pathMatched ? 405 : 404, pathMatched ? `Method ${method} not allowed for ${path}.` : `No KSeF operation ${method} ${path}.`), errCtx);
    return send(res, reply, extra);
  }
  const route = best.route;
  const ref: RouteRef = { name: route.name, method, template: route.template, path };

  let body: Buffer = Buffer.alloc(0);
  try {
    body = await readBody(req);
  } catch (e) {
    return send(res, errorReply(e as ApiError, errCtx), extra);
  }

  const before = rt.faults.take(ref, 'before');
  if (before && (await applyFault(before.mode, req, res, errCtx))) return;
  const delay = rt.faults.latencyFor(ref);
  if (delay > 0) await new Promise((r) => setTimeout(r, delay));

  const ctx = requestContext({ req, url, method, path, ip }, route, best.params, body, errCtx);
  const reply = await runRoute(rt, route, ctx, errCtx);
  rt.em.store.touch();
  const after = rt.faults.take(ref, 'after');
  if (after && (await applyFault(after.mode, req, res, errCtx))) return;
  send(res, reply, extra);
}

function requestContext({ req, url, method, path, ip }: ApiRequest, route: CompiledRoute, params: Record<string, string>, body: Buffer, errCtx: ErrorContext): Ctx {
  return {
    method,
    path,
    template: route.template,
    params,
    query: url.searchParams,
    headers: req.headers,
    ip,
    body,
    traceId: errCtx.traceId,
    problem: errCtx.problem,
    header: (n) => {
      const v = req.headers[n.toLowerCase()];
      return Array.isArray(v) ? v[0] : v;
    },
    json: <T>() => undefined as T, // replaced by runRoute once the body is parsed
  };
}

/** Everything after the faults; an ApiError becomes KSeF's error body, anything else a 500. */
async function runRoute(rt: EmulatorRuntime, route: CompiledRoute, ctx: Ctx, errCtx: ErrorContext): Promise<Reply> {
  try {
    if (route.auth === 'access') ctx.auth = rt.em.authenticate(ctx, ['ContextToken']);
    if (route.stub) return await route.handler(ctx); // 501 whatever the request
    enforceRateLimit(rt, route, ctx);
    const paramErrors = validateParams(ctx.method, route.template, ctx.query, ctx.params);
    if (paramErrors.length) throw exception(21405, paramErrors);
    const parsed = parseJsonBody(route, ctx) ?? {};
    ctx.json = <T>() => parsed as T;
    return await route.handler(ctx);
  } catch (e) {
    if (e instanceof ApiError) return errorReply(e, errCtx);
    rt.log?.error({ err: e, route: route.name }, 'emulator handler failed');
    return { status: 500, body: { title: 'Internal Server Error', status: 500, detail: (e as Error).message, traceId: errCtx.traceId } };
  }
}

/** Rate limits (limity-api.md): protected → per (context, IP) and group; public → per IP. */
function enforceRateLimit({ em, limiter }: EmulatorRuntime, route: Route, ctx: Ctx): void {
  if (em.opts.rateLimits === 'off') return;
  const { method, ip } = ctx;
  const isPublic = route.group === 'public' || !ctx.auth;
  const limits = isPublic ? PUBLIC_LIMIT : (effectiveRateLimits(em, ctx.auth!.contextValue)[route.group] ?? effectiveRateLimits(em, ctx.auth!.contextValue).other!);
  const perEndpoint = route.group === 'other' || isPublic ? `|${method} ${route.template}` : '';
  const key = isPublic ? `ip:${ip}${perEndpoint}` : `ctx:${ctx.auth!.contextValue}|${ip}|${route.group}${perEndpoint}`;
  const d = limiter.hit(key, limits);
  if (!d.allowed) throw new ApiError('tooMany', 429, d.message!, { retryAfter: d.retryAfterSec });
}

/** The JSON body of a POST/PUT, checked in KSeF's order (Content-Type, syntax, business pre-checks, schema); undefined when there is none to check. */
function parseJsonBody(route: Route, ctx: Ctx): unknown {
  const { method, body } = ctx;
  const ct = String(ctx.headers['content-type'] ?? '');
  if (!(route.validateBody !== false && (method === 'POST' || method === 'PUT') && (body.length > 0 || hasJsonBody(route)))) return undefined;
  if (body.length && !/json/i.test(ct) && ct) throw exception(21405, `Nieobsługiwany Content-Type: ${ct}.`);
  let parsed: unknown;
  try {
    parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
  } catch (e) {
    throw exception(21405, `Nieprawidłowy JSON: ${(e as Error).message}`);
  }
  route.preValidate?.(parsed);
  const errs = validateRequestBody(method, route.template, parsed);
  if (errs.length) throw exception(21405, errs);
  return parsed;
}

function hasJsonBody(route: Route): boolean {
  return !!loadSpec().paths[route.template]?.[route.method.toLowerCase()]?.requestBody?.content?.['application/json'];
}
