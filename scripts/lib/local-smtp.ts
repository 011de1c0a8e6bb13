/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts as an .eml file: the dev
 * runner's and the e2e run's mail server (the app shows the folder at /dev/outbox) and the tests'.
 * `refuse` makes it answer a recipient with an SMTP error, as a real server would.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface LocalSmtp {
  url: string;
  dir: string;
  /** Answer the next RCPT TO commands with this error (code 4xx: try later, 5xx: refused). */
  refuse(next: { code: number; message: string; times?: number } | null): void;
  close(): Promise<void>;
}

export async function startLocalSmtp(opts: { dir: string; port?: number }): Promise<LocalSmtp> {
  fs.mkdirSync(opts.dir, { recursive: true });
  let refusal: { code: number; message: string; times: number } | null = null;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 50 * 1024 * 1024,
    onRcptTo(_address, _session, callback) {
      if (refusal && refusal.times > 0) {
        refusal.times--;
        const err = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
        return callback(err);
      }
      callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        // Time first, so that a directory listing is in the order the messages came.
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}.eml`;
        fs.writeFileSync(path.join(opts.dir, name), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    dir: opts.dir,
    refuse: (next) => (refusal = next ? { ...next, times: next.times ?? 1 } : null),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
