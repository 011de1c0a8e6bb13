import 'server-only';
import crypto from 'node:crypto';
import { z } from 'zod';
import { requireRole, type Actor } from '../access';
import { emailSchema, roleSchema } from '../validation';

export const inviteMemberInput = z.object({ email: emailSchema, role: roleSchema });

export const INVITATION_TTL_DAYS = 7;

export const hashInvitationToken = (token: string) => crypto.createHash('sha256').update(token).digest('hex');

/**
 * Owner invites someone by email with a role. There is no mail server: the link is returned once
 * (only its hash is stored) and the UI shows it for the owner to pass on.
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
  return { ...invitation, token };
}
