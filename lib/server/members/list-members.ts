import 'server-only';
import { requireRole, type Actor } from '../access';

export async function listMembers(actor: Actor) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const members = await db.membership.findMany({
    select: { id: true, userId: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
    orderBy: { createdAt: 'asc' },
  });
  const invitations =
    role === 'OWNER'
      ? await db.invitation.findMany({
          where: { acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } },
          select: { id: true, email: true, role: true, expiresAt: true },
          orderBy: { createdAt: 'desc' },
        })
      : [];
  return { members, invitations };
}
