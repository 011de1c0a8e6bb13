/**
 * KSeF 2.0 emulator: an HTTP server under the real `/v2` paths (open-api.json), in-process or
 * standalone (emulator/main.ts). No side effects besides the listening socket and the optional state
 * file; logs only through a pino logger passed in.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAdmin } from './admin';
import { serveApi, type EmulatorRuntime } from './api-request';
import { handleStorage } from './batch';
import { Emu, type EmulatorOptions } from './core';
import { generatePublishedKey } from './crypto';
import { FaultRegistry } from './faults';
import { readBody, send } from './http-io';
import { SlidingWindowLimiter } from './rate-limit';
import { buildRouteTable, type RouteTable } from './route-table';
import { resumePending } from './sessions';
import { emptyState, Store, type StateData } from './state';

export type { EmulatorOptions } from './core';

export interface RunningEmulator {
  baseUrl: string;
  adminUrl: string;
  close(): Promise<void>;
}

type ResolvedOptions = ReturnType<typeof withDefaults>;

interface Runtime extends EmulatorRuntime {
  table: RouteTable;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const opts = withDefaults(options);
  const em = new Emu(opts, await loadOrCreateState(opts), opts.logger);
  const table = buildRouteTable(em);
  const rt: Runtime = { em, faults: new FaultRegistry(), limiter: new SlidingWindowLimiter(), routes: table.routes, table, log: opts.logger };
  const { server, sockets } = createHttpServer(rt);
  await listen(server, opts);
  setUrls(em, server, opts);
  resumePending(em);
  rt.log?.info({ baseUrl: em.baseUrl }, 'KSeF emulator listening');

  return {
    baseUrl: opts.publicBaseUrl ?? em.baseUrl,
    adminUrl: `${em.rootUrl}/__admin`,
    close: () => closeEmulator(em, server, sockets),
  };
}

function withDefaults(options: EmulatorOptions) {
  return {
    processingDelayMs: 0,
    rateLimits: 'production' as const,
    accessTokenTtlSec: 15 * 60,
    refreshTokenTtlSec: 7 * 24 * 3600,
    ...options,
  };
}

/** The state file's content when there is one, else a fresh state with newly generated KSeF keys. */
async function loadOrCreateState(opts: ResolvedOptions): Promise<StateData> {
  const data: StateData | undefined = Store.load(opts.stateFile);
  if (data) return data;
  const bits = opts.rsaKeyBits ?? 2048;
  const keys = await Promise.all([generatePublishedKey('KsefTokenEncryption', bits), generatePublishedKey('SymmetricKeyEncryption', bits)]);
  return emptyState(keys);
}

/** The server and its open sockets (close() destroys them: a 'timeout' fault never answers). */
function createHttpServer(rt: Runtime): { server: http.Server; sockets: Set<Socket> } {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void dispatch(rt, req, res).catch((e) => {
      rt.log?.error({ err: e }, 'emulator: unhandled error');
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
  return { server, sockets };
}

async function dispatch(rt: Runtime, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://emulator.local');
  const method = (req.method ?? 'GET').toUpperCase();
  if (url.pathname.startsWith('/__admin/')) return serveAdmin(rt, req, res, method, url.pathname.slice('/__admin'.length));
  if (url.pathname.startsWith('/__storage/')) {
    const raw = method === 'PUT' ? await readBody(req) : Buffer.alloc(0);
    return send(res, handleStorage(rt.em, method, url.pathname.slice('/__storage'.length), url.searchParams, raw, req.headers));
  }
  if (!url.pathname.startsWith('/v2/')) return send(res, { status: 404, body: { title: 'Not Found', status: 404, detail: 'The KSeF API lives under /v2.' } });
  return serveApi(rt, req, res, method, url);
}

/** The admin API (outside /v2, no authentication): JSON in, JSON out. */
async function serveAdmin(rt: Runtime, req: http.IncomingMessage, res: http.ServerResponse, method: string, sub: string): Promise<void> {
  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  try {
    body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
  } catch {
    return send(res, { status: 400, body: { error: 'invalid JSON' } });
  }
  const r = handleAdmin(rt.em, rt.faults, method, sub, body, {
    reset: () => resetState(rt),
    operations: rt.table.operations,
    resetRateLimits: () => rt.limiter.reset(),
  });
  rt.em.store.touch();
  return send(res, { status: r.status, body: r.body });
}

/** POST /__admin/reset: an empty state that keeps the published encryption keys and the JWT secret; fresh rate limits. */
function resetState({ em, limiter }: Runtime): void {
  const keys = em.s.keys;
  const secret = em.s.secret;
  em.store.data = { ...emptyState(keys), secret };
  limiter.reset();
}

function listen(server: http.Server, opts: ResolvedOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1', () => resolve());
  });
}

/** rootUrl/baseUrl point at the bound port; a wildcard host is reached through 127.0.0.1. */
function setUrls(em: Emu, server: http.Server, opts: ResolvedOptions): void {
  const addr = server.address() as AddressInfo;
  const host = (opts.host ?? '127.0.0.1').includes(':') ? `[${opts.host}]` : (opts.host ?? '127.0.0.1');
  em.rootUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${addr.port}`;
  em.baseUrl = `${em.rootUrl}/v2`;
}

async function closeEmulator(em: Emu, server: http.Server, sockets: Set<Socket>): Promise<void> {
  em.closed = true;
  for (const t of em.timers) clearTimeout(t);
  em.timers.clear();
  em.store.flush();
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
}
