import 'server-only';
import { z } from 'zod';
import { rawDb, type Role } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { roleSchema, uuidSchema } from '../validation';

const changeRoleInput = z.object({ membershipId: uuidSchema, role: roleSchema });

type Tx = Parameters<Parameters<ReturnType<typeof rawDb>['$transaction']>[0]>[0];

/**
 * Membership changes of one company are serialised on its tenant row, so two owners demoting or
 * removing each other at once cannot both succeed and leave the company with no owner.
 */
async function withTenantLocked<T>(tenantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  return rawDb().$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "Tenant" WHERE id = ${tenantId}::uuid FOR UPDATE`;
    return work(tx);
  });
}

async function otherOwners(tx: Tx, tenantId: string, membershipId: string) {
  return tx.membership.count({ where: { tenantId, role: 'OWNER', id: { not: membershipId } } });
}

async function membershipInTenant(tx: Tx, tenantId: string, membershipId: string) {
  const m = await tx.membership.findFirst({ where: { id: membershipId, tenantId }, select: { id: true, userId: true, role: true } });
  if (!m) throw notFound();
  return m;
}

/** Owner changes a member's role; the company always keeps at least one owner. */
export async function changeMemberRole(actor: Actor, input: unknown): Promise<{ from: Role; to: Role }> {
  await requireRole(actor, 'OWNER');
  const parsed = changeRoleInput.safeParse(input);
  if (!parsed.success) {
    if (parsed.error.issues.some((i) => i.path[0] === 'membershipId')) throw notFound();
    throw new AppError({ code: 'VALIDATION', messageKey: 'validation.role', field: 'role' });
  }
  const { membershipId, role } = parsed.data;
  return withTenantLocked(actor.tenantId, async (tx) => {
    const member = await membershipInTenant(tx, actor.tenantId, membershipId);
    if (member.role === role) return { from: role, to: role };
    if (member.role === 'OWNER' && (await otherOwners(tx, actor.tenantId, member.id)) === 0) {
      throw new AppError({ code: 'CONFLICT', messageKey: 'errors.lastOwner', field: 'role' });
    }
    await tx.membership.update({ where: { id: member.id }, data: { role } });
    await tx.auditEvent.create({
      data: { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'member.role_changed', result: 'OK', details: { userId: member.userId, from: member.role, to: role } },
    });
    return { from: member.role, to: role };
  });
}

/**
 * Owner removes a member. Access ends at the member's next request: every request reads the
 * membership again (requireRole), so no session of theirs reaches this company's data after this.
 * Removing oneself is „Opuść firmę”, which has its own confirmation.
 */
export async function removeMember(actor: Actor, membershipIdInput: unknown): Promise<void> {
  await requireRole(actor, 'OWNER');
  const parsed = uuidSchema.safeParse(membershipIdInput);
  if (!parsed.success) throw notFound();
  await withTenantLocked(actor.tenantId, async (tx) => {
    const member = await membershipInTenant(tx, actor.tenantId, parsed.data);
    if (member.userId === actor.userId) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.removeSelf' });
    if (member.role === 'OWNER' && (await otherOwners(tx, actor.tenantId, member.id)) === 0) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.lastOwner' });
    await tx.membership.delete({ where: { id: member.id } });
    await tx.auditEvent.create({
      data: { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'member.removed', result: 'OK', details: { userId: member.userId, role: member.role } },
    });
  });
}

/** Any member leaves the company; the last owner must first make someone else an owner. */
export async function leaveTenant(actor: Actor): Promise<void> {
  await requireRole(actor, 'VIEWER');
  await withTenantLocked(actor.tenantId, async (tx) => {
    const member = await tx.membership.findUnique({ where: { userId_tenantId: { userId: actor.userId, tenantId: actor.tenantId } } });
    if (!member) throw notFound();
    if (member.role === 'OWNER' && (await otherOwners(tx, actor.tenantId, member.id)) === 0) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.lastOwnerLeave' });
    await tx.membership.delete({ where: { id: member.id } });
    await tx.auditEvent.create({
      data: { tenantId: actor.tenantId, actorUserId: actor.userId, action: 'member.left', result: 'OK', details: { role: member.role } },
    });
  });
}
