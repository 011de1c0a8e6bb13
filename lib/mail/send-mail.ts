import 'server-only';
import nodemailer, { type Transporter } from 'nodemailer';
import { mailConfig } from '@/lib/config';

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

export interface Mail {
  to: string;
  subject: string;
  text: string;
  attachments?: MailAttachment[];
  /** Our reference, sent as a header: a delivery can be matched to its record. */
  reference?: string;
}

/** E-mail cannot be sent: `permanent` when the server refused it for good (5xx), else worth a retry. */
export class MailDeliveryError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly smtpCode?: number,
  ) {
    super(message);
    this.name = 'MailDeliveryError';
  }
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super('E-mail is not configured: set SMTP_URL (README § Configuration)');
    this.name = 'MailNotConfiguredError';
  }
}

let cached: { url: string; transport: Transporter } | undefined;

function transport(): Transporter {
  const { smtpUrl } = mailConfig();
  if (!smtpUrl) throw new MailNotConfiguredError();
  if (cached?.url !== smtpUrl) {
    cached?.transport.close();
    cached = { url: smtpUrl, transport: nodemailer.createTransport(smtpUrl, { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }) };
  }
  return cached.transport;
}

/** Sends one message through the configured SMTP server; resolves once the server accepted it. */
export async function sendMail(mail: Mail): Promise<{ messageId: string }> {
  try {
    const info = await transport().sendMail({
      from: mailConfig().from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      attachments: mail.attachments?.map((a) => ({ filename: a.filename, content: a.content, contentType: a.contentType })),
      headers: mail.reference ? { 'X-KSeF-Faktury-Reference': mail.reference } : undefined,
    });
    return { messageId: String(info.messageId) };
  } catch (e) {
    if (e instanceof MailNotConfiguredError) throw e;
    const code = typeof (e as { responseCode?: unknown }).responseCode === 'number' ? (e as { responseCode: number }).responseCode : undefined;
    // 5xx: the server refused this message for good (no such mailbox, policy); anything else —
    // 4xx, a timeout, a refused connection — may pass on a later attempt.
    throw new MailDeliveryError(e instanceof Error ? e.message : String(e), code !== undefined && code >= 500, code);
  }
}
