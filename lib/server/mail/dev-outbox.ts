import 'server-only';
import fs from 'node:fs/promises';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { mailConfig } from '@/lib/config';

export interface OutboxMessage {
  id: string;
  receivedAt: Date;
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; contentType: string; size: number }[];
}

const ID = /^[\w-]+\.eml$/;

/** The development outbox (what the local SMTP server received), or null when there is none. */
export function devOutboxDir(): string | null {
  return mailConfig().devOutboxDir ?? null;
}

async function read(dir: string, id: string): Promise<OutboxMessage & { raw: Buffer }> {
  const raw = await fs.readFile(path.join(dir, id));
  const parsed = await simpleParser(raw);
  const to = Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? '');
  return {
    id,
    raw,
    receivedAt: parsed.date ?? (await fs.stat(path.join(dir, id))).mtime,
    to,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    attachments: parsed.attachments.map((a) => ({ filename: a.filename ?? 'załącznik', contentType: a.contentType, size: a.size })),
  };
}

/** Newest first. */
export async function listOutbox(limit = 200): Promise<OutboxMessage[]> {
  const dir = devOutboxDir();
  if (!dir) return [];
  const names = (await fs.readdir(dir).catch(() => [] as string[]))
    .filter((n) => ID.test(n))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(names.map(async (n) => ({ ...(await read(dir, n)), raw: undefined }))).then((ms) => ms.map(({ raw: _raw, ...m }) => m));
}

/** One message with its attachments' bytes; null for a name that is not in the outbox. */
export async function outboxMessage(id: string) {
  const dir = devOutboxDir();
  if (!dir || !ID.test(id)) return null;
  try {
    const m = await read(dir, id);
    const parsed = await simpleParser(m.raw);
    return { ...m, files: parsed.attachments.map((a) => ({ filename: a.filename ?? 'załącznik', contentType: a.contentType, content: a.content })) };
  } catch {
    return null;
  }
}
