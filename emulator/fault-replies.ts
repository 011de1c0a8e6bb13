/** What an injected fault (faults.ts, set through the admin API) does to the response of a call. */
import type http from 'node:http';
import type { FaultMode } from './faults';
import { ApiError, errorReply, exception } from './http';
import { send } from './http-io';

export type ErrorContext = Parameters<typeof errorReply>[1];

/** Returns true when the fault consumed the response. */
export async function applyFault(mode: FaultMode, req: http.IncomingMessage, res: http.ServerResponse, errCtx: ErrorContext): Promise<boolean> {
  if (mode === 'session-unavailable') {
    // API 2.8.0, POST /sessions/online/{referenceNumber}/invoices: the official details text.
    const ref = /\/sessions\/(?:online|batch)\/([^/]+)/.exec(errCtx.path)?.[1] ?? '';
    const detail = `Trwają prace serwisowe i sesja ${ref} jest tymczasowo niedostępna. Spróbuj ponownie później lub otwórz nową sesję, aby wysłać kolejne faktury.`;
    send(res, errorReply(exception(21184, detail), errCtx));
    return true;
  }
  if (mode === 'upo-not-ready') {
    send(res, errorReply(exception(21178), errCtx));
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
