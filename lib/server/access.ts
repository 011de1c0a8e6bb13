import 'server-only';
import { rawDb } from '@/lib/db/client';
import type { Role } from '@/lib/db/client';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';
import { AppError } from './errors';

/** Who is acting, and in which tenant. Built from the session by app/, never from request input alone. */
export interface Actor {
  userId: string;
  tenantId: string;
  /**
   * The membership role as read from the database at the start of this request (app/ session code
   * sets it from the same query that listed the user's companies). Absent: requireRole reads it.
   */
  membershipRole?: Role;
}

export const ROLE_RANK: Record<Role, number> = { VIEWER: 0, ACCOUNTANT: 1, OWNER: 2 };

export interface TenantAccess {
  db: TenantDb;
  role: Role;
  actor: Actor;
}

/**
 * Every tenant use case starts here: the membership is read from the database once per request (a
 * role change or removal takes effect on the next request), and the returned `db` can only see this
 * tenant.
 */
export async function requireRole(actor: Actor, minimum: Role): Promise<TenantAccess> {
  if (!actor.userId) throw new AppError({ code: 'UNAUTHENTICATED', messageKey: 'errors.unauthenticated' });
  const membership = actor.membershipRole
    ? { role: actor.membershipRole }
    : await rawDb().membership.findUnique({
        where: { userId_tenantId: { userId: actor.userId, tenantId: actor.tenantId } },
        select: { role: true },
      });
  // Not a member looks exactly like "no such tenant".
  if (!membership) throw new AppError({ code: 'NOT_FOUND', messageKey: 'errors.notFound' });
  if (ROLE_RANK[membership.role] < ROLE_RANK[minimum]) throw new AppError({ code: 'FORBIDDEN', messageKey: 'errors.forbiddenRole' });
  return { db: tenantDb(actor.tenantId), role: membership.role, actor };
}

export async function requirePlatformAdmin(userId: string): Promise<void> {
  const user = await rawDb().user.findUnique({ where: { id: userId }, select: { isPlatformAdmin: true } });
  if (!user?.isPlatformAdmin) throw new AppError({ code: 'FORBIDDEN', messageKey: 'errors.forbiddenAdmin' });
}
