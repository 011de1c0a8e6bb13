import 'server-only';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';

export async function revokeInvitation(actor: Actor, invitationId: string) {
  const { db } = await requireRole(actor, 'OWNER');
  // A malformed id is the same "not found" as an unknown one (a 404, never a 500).
  const parsed = uuidSchema.safeParse(invitationId);
  if (!parsed.success) throw notFound();
  const id = parsed.data;
  const res = await db.invitation.updateMany({ where: { id, acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (res.count !== 1) throw notFound();
}
