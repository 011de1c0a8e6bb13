import 'server-only';
import { rawDb } from '@/lib/db/client';
import { z } from 'zod';
import { Prisma } from '@/lib/db/client';
import { AppError } from '../errors';
import { passwordSchema } from '../validation';
import { hashPassword } from '../auth/password';
import { hashInvitationToken } from './invite-member';

/** Looks an invitation up by the token from its link (public: shown before sign-in). */
export async function findInvitation(token: string) {
  if (!token || token.length > 100) return null;
  const inv = await rawDb().invitation.findUnique({
    where: { tokenHash: hashInvitationToken(token) },
    select: { id: true, email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, tenant: { select: { name: true, nip: true } } },
  });
  if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt < new Date()) return null;
  return inv;
}

/** The signed-in user joins the tenant with the invited role; the link works once. */
export async function acceptInvitation(userId: string, token: string) {
  return rawDb().$transaction(async (tx) => {
    const inv = await tx.invitation.findUnique({ where: { tokenHash: hashInvitationToken(token) } });
    if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt < new Date()) {
      throw new AppError({ code: 'INVITATION_INVALID', messageKey: 'errors.invitationInvalid' });
    }
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    if (user.email !== inv.email) throw new AppError({ code: 'FORBIDDEN', messageKey: 'errors.invitationOtherEmail' });
    // Single use even under a double submit: only the first update sees acceptedAt = null.
    const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count !== 1) throw new AppError({ code: 'INVITATION_INVALID', messageKey: 'errors.invitationInvalid' });
    await tx.membership.upsert({
      where: { userId_tenantId: { userId, tenantId: inv.tenantId } },
      create: { userId, tenantId: inv.tenantId, role: inv.role },
      update: {},
    });
    return { tenantId: inv.tenantId };
  });
}

const joinInput = z.object({ token: z.string().min(1).max(100), name: z.string().trim().max(120).default(''), password: passwordSchema });

/**
 * Someone invited who has no account: the account is created with the invited e-mail (not one they
 * type) and joins the inviting company with the invited role — no company of their own to found.
 */
export async function joinByInvitation(input: unknown): Promise<{ userId: string; email: string; tenantId: string }> {
  const data = joinInput.parse(input);
  const passwordHash = await hashPassword(data.password);
  try {
    return await rawDb().$transaction(async (tx) => {
      const inv = await tx.invitation.findUnique({ where: { tokenHash: hashInvitationToken(data.token) } });
      if (!inv || inv.acceptedAt || inv.revokedAt || inv.expiresAt < new Date()) throw new AppError({ code: 'INVITATION_INVALID', messageKey: 'errors.invitationInvalid' });
      const claimed = await tx.invitation.updateMany({ where: { id: inv.id, acceptedAt: null }, data: { acceptedAt: new Date() } });
      if (claimed.count !== 1) throw new AppError({ code: 'INVITATION_INVALID', messageKey: 'errors.invitationInvalid' });
      const user = await tx.user.create({ data: { email: inv.email, name: data.name, passwordHash } });
      await tx.membership.create({ data: { userId: user.id, tenantId: inv.tenantId, role: inv.role } });
      return { userId: user.id, email: user.email, tenantId: inv.tenantId };
    });
  } catch (e) {
    // The invited e-mail already has an account: sign in and accept instead.
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw new AppError({ code: 'CONFLICT', messageKey: 'invite.emailHasAccount' });
    throw e;
  }
}
