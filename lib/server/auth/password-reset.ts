import 'server-only';
import crypto from 'node:crypto';
import { z } from 'zod';
import { mailConfig } from '@/lib/config';
import { rawDb } from '@/lib/db/client';
import { translator, type Locale } from '@/lib/i18n';
import { formatDateTime } from '@/lib/i18n/format';
import { logger } from '@/lib/logger';
import { sendMail } from '@/lib/mail/send-mail';
import { AppError } from '../errors';
import { emailSchema, passwordSchema } from '../validation';
import { hashPassword } from './password';

export const RESET_LINK_TTL_MS = 60 * 60_000;
/** Links one account may be sent per hour: enough for a lost message, too few to flood a mailbox. */
export const RESET_LINKS_PER_HOUR = 3;

const sha256 = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

const requestInput = z.object({ email: emailSchema });

/**
 * „Nie pamiętam hasła”: e-mails the account a single-use link valid for an hour. The answer is the
 * same, and as quick, whether or not the account exists and whether its hourly allowance is used
 * up: the message goes out after the answer (`delivery`, awaited by tests; a failure is logged), so
 * neither the reply nor its timing tells anyone who has an account. The token is random, 256 bits;
 * only its SHA-256 is stored, and the link starts with APP_URL, never with the request's Host.
 */
export async function requestPasswordReset(input: unknown, now = new Date()): Promise<{ delivery: Promise<void> }> {
  const { email } = requestInput.parse(input);
  const { appUrl } = mailConfig();
  if (!appUrl) throw new AppError({ code: 'UNAVAILABLE', messageKey: 'passwordReset.mailUnavailable' });
  return { delivery: sendResetLink(email, appUrl, now).catch((e: unknown) => logger.error({ err: e instanceof Error ? e.message : String(e) }, 'password reset e-mail not sent')) };
}

async function sendResetLink(email: string, appUrl: string, now: Date): Promise<void> {
  const user = await rawDb().user.findUnique({ where: { email }, select: { id: true, email: true, locale: true } });
  if (!user) return;
  if ((await rawDb().passwordResetToken.count({ where: { userId: user.id, createdAt: { gt: new Date(now.getTime() - 60 * 60_000) } } })) >= RESET_LINKS_PER_HOUR) {
    logger.warn({ userId: user.id }, 'password reset: hourly allowance used up; no e-mail sent');
    return;
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + RESET_LINK_TTL_MS);
  // A newer link voids the older ones: only the last e-mail works.
  await rawDb().$transaction([
    rawDb().passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } }),
    rawDb().passwordResetToken.create({ data: { userId: user.id, tokenHash: sha256(token), expiresAt, createdAt: now } }),
  ]);
  const locale: Locale = user.locale === 'en' ? 'en' : 'pl';
  const t = translator(locale);
  await sendMail({
    to: user.email,
    subject: t('emails.passwordReset.subject'),
    text: `${t('emails.passwordReset.body', { email: user.email, link: `${appUrl}/reset-password/${token}`, expires: formatDateTime(expiresAt, locale) })}\n\n${t('emails.signature')}`,
  });
}

const resetInput = z.object({ token: z.string().min(20).max(100), password: passwordSchema });

/** Whether a reset link still works (the page shows the form or says it does not). */
export async function isResetLinkValid(token: string, now = new Date()): Promise<boolean> {
  if (token.length < 20 || token.length > 100) return false;
  return (await rawDb().passwordResetToken.count({ where: { tokenHash: sha256(token), usedAt: null, expiresAt: { gt: now } } })) === 1;
}

/**
 * Sets the new password through a valid link, once: the link is used up in the same statement that
 * checks it (two tabs racing get one success), every other link of the account is voided, and every
 * session of the account ends. Returns the e-mail, so that the page can sign this browser in.
 */
export async function resetPassword(input: unknown, now = new Date()): Promise<{ email: string }> {
  const data = resetInput.safeParse(input);
  if (!data.success) {
    const passwordIssue = data.error.issues.find((i) => i.path[0] === 'password');
    if (passwordIssue) throw new AppError({ code: 'VALIDATION', messageKey: passwordIssue.message, field: 'password' });
    throw new AppError({ code: 'VALIDATION', messageKey: 'passwordReset.invalidLink' });
  }
  const passwordHash = await hashPassword(data.data.password);
  return rawDb().$transaction(async (tx) => {
    const claimed = await tx.passwordResetToken.updateManyAndReturn({
      where: { tokenHash: sha256(data.data.token), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
      select: { userId: true },
    });
    if (claimed.length !== 1) throw new AppError({ code: 'VALIDATION', messageKey: 'passwordReset.invalidLink' });
    const userId = claimed[0]!.userId;
    await tx.passwordResetToken.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } });
    const user = await tx.user.update({ where: { id: userId }, data: { passwordHash, sessionVersion: { increment: 1 } }, select: { email: true } });
    return { email: user.email };
  });
}
