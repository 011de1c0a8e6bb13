import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startLocalSmtp, type LocalSmtp } from '../../scripts/lib/local-smtp';

/**
 * A real SMTP server for a test file: the app sends to it through SMTP_URL (and builds links on
 * `appUrl`, when given, as APP_URL); `received()` reads what came; `close()` undoes both.
 */
export async function startTestSmtp(opts: { appUrl?: string } = {}): Promise<LocalSmtp & { received(): Promise<ParsedMail[]> }> {
  const smtp = await startLocalSmtp({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-test-smtp-')) });
  process.env.SMTP_URL = smtp.url;
  if (opts.appUrl) process.env.APP_URL = opts.appUrl;
  const received = async () =>
    Promise.all(
      fs
        .readdirSync(smtp.dir)
        .sort()
        .map((n) => simpleParser(fs.readFileSync(path.join(smtp.dir, n)))),
    );
  const close = async () => {
    delete process.env.SMTP_URL;
    if (opts.appUrl) delete process.env.APP_URL;
    await smtp.close();
  };
  return { ...smtp, received, close };
}
