/** Reading request bodies from and writing replies to node:http. */
import type http from 'node:http';
import type { Reply } from './http';
import { exception } from './http';

/** Largest request body read: above a 100 MB batch part, whose own limit batch.ts answers with 21157. */
const MAX_BODY = 120 * 1024 * 1024;

export async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > MAX_BODY) throw exception(21405, 'Żądanie jest za duże.');
    chunks.push(c as Buffer);
  }
  return Buffer.concat(chunks);
}

export function send(res: http.ServerResponse, reply: Reply, extraHeaders: Record<string, string> = {}): void {
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
