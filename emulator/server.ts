/**
 * KSeF 2.0 emulator: an HTTP server under the real `/v2` paths (open-api.json), in-process or
 * standalone (emulator/main.ts). No side effects besides the listening socket and the optional state
 * file; logs only through a pino logger passed in.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Logger } from 'pino';
import { handleAdmin } from './admin';
import { authRoutes } from './auth';
import { batchRoutes, handleStorage } from './batch';
import { Emu, type EmulatorOptions } from './core';
import { generatePublishedKey } from './crypto';
import { FaultRegistry, type RouteRef } from './faults';
import type { CompiledRoute, Ctx, Reply, Route } from './http';
import { ApiError, compileRoute, errorReply, exception, matchRoute, notImplemented, traceId } from './http';
import { invoiceRoutes } from './invoices';
import { limitsRoutes, effectiveRateLimits } from './limits';
import { loadSpec, specOperations, validateParams, validateRequestBody } from './openapi';
import { permissionRoutes } from './permissions';
import { PUBLIC_LIMIT, SlidingWindowLimiter } from './rate-limit';
import { sessionRoutes, resumePending } from './sessions';
import { emptyState, Store, type StateData } from './state';
import { testdataRoutes } from './testdata';
import { tokenRoutes } from './tokens';

export type { EmulatorOptions } from './core';

export interface RunningEmulator {
  baseUrl: string;
  adminUrl: string;
  close(): Promise<void>;
}

const MAX_BODY = 120 * 1024 * 1024;

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const log: Logger | undefined = options.logger;
  const opts = {
    processingDelayMs: 0,
    rateLimits: 'test' as const,
    accessTokenTtlSec: 15 * 60,
    refreshTokenTtlSec: 7 * 24 * 3600,
    ...options,
  };
  let data: StateData | undefined = Store.load(opts.stateFile);
  if (!data) {
    const bits = opts.rsaKeyBits ?? 2048;
    const keys = await Promise.all([generatePublishedKey('KsefTokenEncryption', bits), generatePublishedKey('SymmetricKeyEncryption', bits)]);
    data = emptyState(keys);
  }
  const em = new Emu(opts, data, log);
  const faults = new FaultRegistry();
  const limiter = new SlidingWindowLimiter();

  const implemented: Route[] = [
    ...authRoutes(em),
    ...permissionRoutes(em),
    ...testdataRoutes(em),
    ...limitsRoutes(em),
    ...sessionRoutes(em),
    ...batchRoutes(em),
    ...invoiceRoutes(em),
    ...tokenRoutes(em),
  ];
  // Every operation of the spec without a handler answers 501 (never a fake success).
  const have = new Set(implemented.map((r) => `${r.method} ${r.template}`));
  const missing: Route[] = specOperations()
    .filter((op) => !have.has(op))
    .map((op) => {
      const [method, template] = op.split(' ') as [string, string];
      return { method, template, name: `unimplemented:${op}`, auth: 'none', group: 'other', validateBody: false, handler: () => { throw notImplemented(op); } };
    });
  const routes: CompiledRoute[] = [...implemented, ...missing].map(compileRoute);
  const notImplementedOps = [...implemented.filter((r) => isStub(r)).map((r) => `${r.method} ${r.template}`), ...missing.map((r) => `${r.method} ${r.template}`)];
  const operations = () => ({
    spec: specOperations().length,
    implemented: specOperations().length - notImplementedOps.length,
    notImplemented: notImplementedOps.sort(),
    routes: implemented.filter((r) => !isStub(r)).map((r) => ({ name: r.name, operation: `${r.method} ${r.template}` })),
  });

  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void handle(req, res).catch((e) => {
      log?.error({ err: e }, 'emulator: unhandled error');
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ title: 'Internal Server Error', status: 500 }));
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });

  async function readBody(req: http.IncomingMessage): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw exception(21405, 'Żądanie jest za duże.');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks);
  }

  function send(res: http.ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...extraHeaders, ...(reply.headers ?? {}) };
    let payload: Buffer | string | undefined;
    if (reply.raw !== undefined) {
      payload = reply.raw;
      headers['content-type'] = reply.contentType ?? 'application/octet-stream';
    } else if (reply.body !== undefined && reply.status !== 204) {
      payload = JSON.stringify(reply.body);
      headers['content-type'] = `${reply.contentType ?? 'application/json'}; charset=utf-8`;
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const ip = (req.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const method = (req.method ?? 'GET').toUpperCase();

    if (url.pathname.startsWith('/__admin/')) {
      const raw = await readBody(req);
      let body: Record<string, unknown> = {};
      try {
        body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
      } catch {
        return send(res, { status: 400, body: { error: 'invalid JSON' } });
      }
      const r = handleAdmin(em, faults, method, url.pathname.slice('/__admin'.length), body, {
        reset: () => resetState(),
        operations,
        resetRateLimits: () => limiter.reset(),
      });
      em.store.touch();
      return send(res, { status: r.status, body: r.body });
    }
    if (url.pathname.startsWith('/__storage/')) {
      const raw = method === 'PUT' ? await readBody(req) : Buffer.alloc(0);
      return send(res, handleStorage(em, method, url.pathname.slice('/__storage'.length), url.searchParams, raw, req.headers));
    }
    if (!url.pathname.startsWith('/v2/')) return send(res, { status: 404, body: { title: 'Not Found', status: 404, detail: 'The KSeF API lives under /v2.' } });

    const path = url.pathname.slice(3);
    const tid = traceId();
    const problem = /problem-details/i.test(String(req.headers['x-error-format'] ?? ''));
    const extra: Record<string, string> = {};
    const warn = req.headers['x-test-system-warning'];
    if (typeof warn === 'string') extra['X-System-Warning'] = warn; // TEST echoes it (ksef-protocol.md §1.3)
    const errCtx = { path: url.pathname, problem, traceId: tid };

    const { best, pathMatched } = matchRoute(routes, method, path);
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

    const before = faults.take(ref, 'before');
    if (before && (await applyFault(before.mode, req, res, errCtx))) return;
    const delay = faults.latencyFor(ref);
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));

    let parsed: unknown;
    const ctx: Ctx = {
      method,
      path,
      template: route.template,
      params: best.params,
      query: url.searchParams,
      headers: req.headers,
      ip,
      body,
      traceId: tid,
      problem,
      header: (n) => {
        const v = req.headers[n.toLowerCase()];
        return Array.isArray(v) ? v[0] : v;
      },
      json: <T>() => parsed as T,
    };

    let reply: Reply;
    try {
      if (route.auth === 'access') ctx.auth = em.authenticate(ctx, ['ContextToken']);
      // Rate limits (limity-api.md): protected → per (context, IP) and group; public → per IP.
      if (em.opts.rateLimits !== 'off') {
        const isPublic = route.group === 'public' || !ctx.auth;
        const limits = isPublic ? PUBLIC_LIMIT : effectiveRateLimits(em, ctx.auth!.contextValue)[route.group] ?? effectiveRateLimits(em, ctx.auth!.contextValue).other!;
        const perEndpoint = route.group === 'other' || isPublic ? `|${method} ${route.template}` : '';
        const key = isPublic ? `ip:${ip}${perEndpoint}` : `ctx:${ctx.auth!.contextValue}|${ip}|${route.group}${perEndpoint}`;
        const d = limiter.hit(key, limits);
        if (!d.allowed) throw new ApiError('tooMany', 429, d.message!, { retryAfter: d.retryAfterSec });
      }
      const paramErrors = validateParams(method, route.template, url.searchParams, best.params);
      if (paramErrors.length) throw exception(21405, paramErrors);
      const ct = String(req.headers['content-type'] ?? '');
      if (route.validateBody !== false && (method === 'POST' || method === 'PUT') && (body.length > 0 || hasJsonBody(route))) {
        if (body.length && !/json/i.test(ct) && ct) throw exception(21405, `Nieobsługiwany Content-Type: ${ct}.`);
        try {
          parsed = body.length ? JSON.parse(body.toString('utf8')) : undefined;
        } catch (e) {
          throw exception(21405, `Nieprawidłowy JSON: ${(e as Error).message}`);
        }
        route.preValidate?.(parsed);
        const errs = validateRequestBody(method, route.template, parsed);
        if (errs.length) throw exception(21405, errs);
      }
      parsed ??= {};
      reply = await route.handler(ctx);
    } catch (e) {
      if (e instanceof ApiError) reply = errorReply(e, errCtx);
      else {
        log?.error({ err: e, route: route.name }, 'emulator handler failed');
        reply = { status: 500, body: { title: 'Internal Server Error', status: 500, detail: (e as Error).message, traceId: tid } };
      }
    }
    em.store.touch();
    const after = faults.take(ref, 'after');
    if (after && (await applyFault(after.mode, req, res, errCtx))) return;
    send(res, reply, extra);
  }

  /** Returns true when the fault consumed the response. */
  async function applyFault(mode: string, req: http.IncomingMessage, res: http.ServerResponse, errCtx: { path: string; problem: boolean; traceId: string }): Promise<boolean> {
    if (mode === 'session-unavailable') {
      send(res, errorReply(exception(21184), errCtx));
      return true;
    }
    if (mode === 'http429') {
      send(res, errorReply(new ApiError('tooMany', 429, 'Przekroczono limit żądań (wstrzyknięte przez emulator).', { retryAfter: 1 }), errCtx));
      return true;
    }
    if (mode === 'html502') {
      // What a load balancer in front of KSeF answers when the service behind it is down.
      send(res, { status: 502, raw: '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>', contentType: 'text/html' });
      return true;
    }
    if (mode === 'drop') {
      req.socket.destroy();
      return true;
    }
    if (mode === 'timeout') {
      // Never answer; the socket is destroyed on close() at the latest.
      return true;
    }
    const status = mode === 'http503' ? 503 : 500;
    send(res, {
      status,
      body: { title: status === 503 ? 'Service Unavailable' : 'Internal Server Error', status, detail: 'Injected by the KSeF emulator (fault injection).' },
      headers: status === 503 ? { 'Retry-After': '1' } : {},
    });
    return true;
  }

  function resetState() {
    const keys = em.s.keys;
    const secret = em.s.secret;
    em.store.data = { ...emptyState(keys), secret };
    limiter.reset();
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = (opts.host ?? '127.0.0.1').includes(':') ? `[${opts.host}]` : opts.host ?? '127.0.0.1';
  em.rootUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
  em.baseUrl = `${em.rootUrl}/v2`;
  resumePending(em);
  log?.info({ baseUrl: em.baseUrl }, 'KSeF emulator listening');

  return {
    baseUrl: opts.publicBaseUrl ?? em.baseUrl,
    adminUrl: `${em.rootUrl}/__admin`,
    async close() {
      em.closed = true;
      for (const t of em.timers) clearTimeout(t);
      em.timers.clear();
      em.store.flush();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function isStub(r: Route): boolean {
  return r.name.startsWith('unimplemented:') || r.name.endsWith('!501');
}

function hasJsonBody(route: Route): boolean {
  return !!loadSpec().paths[route.template]?.[route.method.toLowerCase()]?.requestBody?.content?.['application/json'];
}
