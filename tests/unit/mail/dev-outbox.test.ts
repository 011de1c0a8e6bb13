/** The development outbox reads only its own folder's messages, and nothing when it is not configured. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { devOutboxDir, listOutbox, outboxMessage } from '@/lib/server/mail/dev-outbox';

afterEach(() => {
  delete process.env.DEV_OUTBOX_DIR;
});

describe('dev outbox', () => {
  it('is off unless DEV_OUTBOX_DIR is set', async () => {
    expect(devOutboxDir()).toBeNull();
    expect(await listOutbox()).toEqual([]);
    expect(await outboxMessage('2026-01-01-abc.eml')).toBeNull();
  });

  it('reads a message by its name, and no path outside the folder', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-test-'));
    const dir = path.join(root, 'outbox');
    fs.mkdirSync(dir);
    const eml = 'From: a@example.com\r\nTo: b@example.com\r\nSubject: Test\r\n\r\nTreść\r\n';
    fs.writeFileSync(path.join(dir, '2026-01-01-abc.eml'), eml);
    fs.writeFileSync(path.join(root, 'secret.eml'), eml);
    process.env.DEV_OUTBOX_DIR = dir;
    expect((await listOutbox()).map((m) => [m.id, m.to, m.subject])).toEqual([['2026-01-01-abc.eml', 'b@example.com', 'Test']]);
    expect((await outboxMessage('2026-01-01-abc.eml'))?.text.trim()).toBe('Treść');
    for (const name of ['../secret.eml', '..%2Fsecret.eml', '/etc/passwd', 'secret', '']) expect(await outboxMessage(name)).toBeNull();
  });
});
