import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type ParsedMail } from 'mailparser';
import { startLocalSmtp, type LocalSmtp } from '../../scripts/lib/local-smtp';

/** A real SMTP server for a test file: the app sends to it through SMTP_URL; `received()` reads what came. */
export async function startTestSmtp(): Promise<LocalSmtp & { received(): Promise<ParsedMail[]> }> {
  const smtp = await startLocalSmtp({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'ksef-test-smtp-')) });
  process.env.SMTP_URL = smtp.url;
  const received = async () =>
    Promise.all(
      fs
        .readdirSync(smtp.dir)
        .sort()
        .map((n) => simpleParser(fs.readFileSync(path.join(smtp.dir, n)))),
    );
  return { ...smtp, received };
}
