import 'server-only';
import crypto from 'node:crypto';
import { z } from 'zod';
import { mailConfig } from '@/lib/config';
import { rawDb } from '@/lib/db/client';
import { translator, type Locale } from '@/lib/i18n';
import { formatDateTime, formatNip } from '@/lib/i18n/format';
import { logger } from '@/lib/logger';
import { MailDeliveryError, MailNotConfiguredError, sendMail } from '@/lib/mail/send-mail';
import { requireRole, type Actor } from '../access';
import { emailSchema, roleSchema } from '../validation';

export const inviteMemberInput = z.object({ email: emailSchema, role: roleSchema });

export const INVITATION_TTL_DAYS = 7;

export const hashInvitationToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Owner invites someone by e-mail with a role. The link goes to the invitee by e-mail and is also
 * returned once for the owner to pass on (only its hash is stored): a mail server that is down or
 * refuses the address costs no invitation, the owner sees `emailed: false` and the link.
 */
export async function inviteMember(actor: Actor, input: unknown) {
  const { db } = await requireRole(actor, 'OWNER');
  const data = inviteMemberInput.parse(input);
  const token = crypto.randomBytes(32).toString('base64url');
  const invitation = await db.invitation.create({
    data: {
      tenantId: actor.tenantId,
      email: data.email,
      role: data.role,
      tokenHash: hashInvitationToken(token),
      invitedById: actor.userId,
      expiresAt: new Date(Date.now() + INVITATION_TTL_DAYS * 86_400_000),
    },
    select: { id: true, email: true, role: true, expiresAt: true },
  });
  const emailed = await emailInvitation(actor, { ...invitation, token });
  return { ...invitation, token, emailed };
}

async function emailInvitation(actor: Actor, inv: { email: string; role: string; expiresAt: Date; token: string }): Promise<boolean> {
  const { appUrl } = mailConfig();
  if (!appUrl) return false;
  const [tenant, inviter] = await Promise.all([
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { name: true, nip: true } }),
    rawDb().user.findUniqueOrThrow({ where: { id: actor.userId }, select: { name: true, email: true, locale: true } }),
  ]);
  // The invitee has no account yet: the message speaks the inviter's language.
  const locale: Locale = inviter.locale === 'en' ? 'en' : 'pl';
  const t = translator(locale);
  const params = {
    company: tenant.name,
    nip: formatNip(tenant.nip),
    inviter: inviter.name || inviter.email,
    role: t(`settings.roles.${inv.role}`),
    link: `${appUrl}/invite/${inv.token}`,
    expires: formatDateTime(inv.expiresAt, locale),
  };
  try {
    await sendMail({ to: inv.email, subject: t('emails.invitation.subject', params), text: `${t('emails.invitation.body', params)}\n\n${t('emails.signature')}` });
    return true;
  } catch (e) {
    if (!(e instanceof MailDeliveryError || e instanceof MailNotConfiguredError)) throw e;
    logger.warn({ tenantId: actor.tenantId, err: e.message }, 'invitation e-mail not sent; the owner has the link');
    return false;
  }
}
