import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';

export async function revokeInvitation(actor: Actor, invitationId: string) {
  const { db } = await requireRole(actor, 'OWNER');
  const id = uuidSchema.parse(invitationId);
  const res = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (res.count !== 1) throw notFound();
}
