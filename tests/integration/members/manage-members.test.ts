import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { requireRole } from '@/lib/server/access';
import { changeMemberRole, leaveTenant, removeMember } from '@/lib/server/members/manage-members';
import { listMembers } from '@/lib/server/members/list-members';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';
import { addMember, createTenantWithOwner } from '../../support/factories';
import type { Actor } from '@/lib/server/access';

const membershipOf = async (a: Actor) => rawDb().membership.findUniqueOrThrow({ where: { userId_tenantId: { userId: a.userId, tenantId: a.tenantId } } });
const owners = (tenantId: string) => rawDb().membership.count({ where: { tenantId, role: 'OWNER' } });
const err = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e) => e,
  );

describe('member management', () => {
  it('an owner changes roles; the change is audited and holds from the next request', async () => {
    const { actor } = await createTenantWithOwner();
    const viewer = await addMember(actor.tenantId, 'VIEWER');
    await expect(requireRole(viewer, 'ACCOUNTANT')).rejects.toMatchObject({ code: 'FORBIDDEN' });

    expect(await changeMemberRole(actor, { membershipId: (await membershipOf(viewer)).id, role: 'ACCOUNTANT' })).toEqual({ from: 'VIEWER', to: 'ACCOUNTANT' });
    await expect(requireRole(viewer, 'ACCOUNTANT')).resolves.toMatchObject({ role: 'ACCOUNTANT' });
    const audit = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: actor.tenantId, action: 'member.role_changed' } });
    expect(audit).toMatchObject({ actorUserId: actor.userId, details: { userId: viewer.userId, from: 'VIEWER', to: 'ACCOUNTANT' } });
  });

  it('only owners manage members, and a bad role or id is a clear 4xx', async () => {
    const { actor } = await createTenantWithOwner();
    const accountant = await addMember(actor.tenantId, 'ACCOUNTANT');
    const ownerMembership = await membershipOf(actor);
    expect(await err(changeMemberRole(accountant, { membershipId: (await membershipOf(accountant)).id, role: 'OWNER' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(removeMember(accountant, ownerMembership.id))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await err(changeMemberRole(actor, { membershipId: (await membershipOf(accountant)).id, role: 'ADMIN' }))).toMatchObject({ code: 'VALIDATION', field: 'role' });
    expect(await err(changeMemberRole(actor, { membershipId: "1' OR 1=1", role: 'VIEWER' }))).toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
    expect(await err(removeMember(actor, 'x'))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await membershipOf(accountant)).role).toBe('ACCOUNTANT');
  });

  it("another company's membership cannot be touched: it is not found", async () => {
    const a = await createTenantWithOwner('Firma A');
    const b = await createTenantWithOwner('Firma B');
    const bMember = await addMember(b.actor.tenantId, 'ACCOUNTANT');
    const id = (await membershipOf(bMember)).id;
    expect(await err(changeMemberRole(a.actor, { membershipId: id, role: 'VIEWER' }))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await err(removeMember(a.actor, id))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await err(removeMember(a.actor, (await membershipOf(b.actor)).id))).toMatchObject({ code: 'NOT_FOUND' });
    expect((await membershipOf(bMember)).role).toBe('ACCOUNTANT');
    expect(await owners(b.actor.tenantId)).toBe(1);
  });

  it('the last owner can be neither demoted, removed nor leave', async () => {
    const { actor } = await createTenantWithOwner();
    const own = await membershipOf(actor);
    expect(await err(changeMemberRole(actor, { membershipId: own.id, role: 'VIEWER' }))).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.lastOwner', field: 'role' });
    expect(await err(leaveTenant(actor))).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.lastOwnerLeave' });
    expect(await err(removeMember(actor, own.id))).toMatchObject({ code: 'CONFLICT', messageKey: 'errors.removeSelf' });
    expect(await owners(actor.tenantId)).toBe(1);

    // With a second owner, the first may step down.
    const second = await addMember(actor.tenantId, 'OWNER');
    await changeMemberRole(actor, { membershipId: own.id, role: 'ACCOUNTANT' });
    expect(await owners(actor.tenantId)).toBe(1);
    expect(await err(removeMember(second, (await membershipOf(second)).id))).toMatchObject({ messageKey: 'errors.removeSelf' });
  });

  it('two owners removing each other at the same moment: exactly one succeeds, one owner remains', async () => {
    for (let round = 0; round < 5; round++) {
      const { actor } = await createTenantWithOwner();
      const other = await addMember(actor.tenantId, 'OWNER');
      const [mA, mB] = [await membershipOf(actor), await membershipOf(other)];
      const results = await Promise.allSettled([removeMember(actor, mB.id), removeMember(other, mA.id)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await owners(actor.tenantId)).toBe(1);
    }
    for (let round = 0; round < 5; round++) {
      const { actor } = await createTenantWithOwner();
      const other = await addMember(actor.tenantId, 'OWNER');
      const [mA, mB] = [await membershipOf(actor), await membershipOf(other)];
      await Promise.allSettled([changeMemberRole(actor, { membershipId: mB.id, role: 'VIEWER' }), changeMemberRole(other, { membershipId: mA.id, role: 'VIEWER' }), leaveTenant(actor)]);
      expect(await owners(actor.tenantId)).toBeGreaterThanOrEqual(1);
    }
  });

  it("a removed member's sessions no longer reach the company; the member can leave by themselves", async () => {
    const { actor } = await createTenantWithOwner();
    const accountant = await addMember(actor.tenantId, 'ACCOUNTANT');
    const viewer = await addMember(actor.tenantId, 'VIEWER');
    await removeMember(actor, (await membershipOf(accountant)).id);
    // The same session (same user id and session version) finds no such company any more.
    const user = await rawDb().user.findUniqueOrThrow({ where: { id: accountant.userId } });
    expect((await getUserWithTenants(accountant.userId, user.sessionVersion))?.tenants).toEqual([]);
    expect(await err(requireRole(accountant, 'VIEWER'))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await err(listMembers(accountant))).toMatchObject({ code: 'NOT_FOUND' });

    await leaveTenant(viewer);
    expect(await err(requireRole(viewer, 'VIEWER'))).toMatchObject({ code: 'NOT_FOUND' });
    const actions = (await rawDb().auditEvent.findMany({ where: { tenantId: actor.tenantId, action: { startsWith: 'member.' } }, orderBy: { createdAt: 'asc' } })).map((e) => e.action);
    expect(actions).toEqual(['member.removed', 'member.left']);
  });
});
