import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { AppError } from '@/lib/server/errors';
import { signUp } from '@/lib/server/auth/sign-up';
import { verifyCredentials } from '@/lib/server/auth/verify-credentials';
import { acceptInvitation, findInvitation, joinByInvitation } from '@/lib/server/members/accept-invitation';
import { inviteMember } from '@/lib/server/members/invite-member';
import { createTenant } from '@/lib/server/tenants/create-tenant';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';

const listUserTenants = async (userId: string) => (await getUserWithTenants(userId, 0))!.tenants;
import { createTenantWithOwner } from '../../support/factories';
import { uniqueNip } from '../../support/nip';

const fieldOf = (e: unknown) => (e instanceof AppError ? e.field : e instanceof Error && 'issues' in e ? (e as { issues: { path: string[] }[] }).issues[0]?.path.join('.') : undefined);

describe('sign-up', () => {
  it('creates the user (argon2id hash), the company, the owner membership and a default series', async () => {
    const nip = uniqueNip();
    const { userId, tenantId } = await signUp({
      email: ` Nowy.${nip}@Example.com `,
      password: 'haslo-bardzo-dlugie',
      nip: `${nip.slice(0, 3)}-${nip.slice(3, 6)}-${nip.slice(6, 8)}-${nip.slice(8)}`,
      companyName: 'ABC',
    });
    const user = await rawDb().user.findUniqueOrThrow({ where: { id: userId } });
    expect(user.email).toBe(`nowy.${nip}@example.com`);
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId } })).nip).toBe(nip);
    expect(await listUserTenants(userId)).toEqual([{ id: tenantId, name: 'ABC', nip, role: 'OWNER', certificateNotAfter: null }]);
    expect(await rawDb().invoiceSeries.findMany({ where: { tenantId, isDefault: true }, select: { kind: true, pattern: true }, orderBy: { kind: 'asc' } })).toEqual([
      { kind: 'VAT', pattern: 'FV/{n}/{MM}/{YYYY}' },
      { kind: 'KOR', pattern: 'KOR/{n}/{MM}/{YYYY}' },
    ]);
    expect(await verifyCredentials(`nowy.${nip}@example.com`, 'haslo-bardzo-dlugie')).toMatchObject({ id: userId });
    expect(await verifyCredentials(`nowy.${nip}@example.com`, 'zle-haslo-123')).toBeNull();
  });

  it('refuses a NIP with a wrong checksum and a taken email, each on its field; a second claim of a NIP is only a claim', async () => {
    const bad = await signUp({ email: 'x@example.com', password: 'haslo-bardzo-dlugie', nip: '1234567890', companyName: 'Firma X' }).catch((e) => e);
    expect(fieldOf(bad)).toBe('nip');
    expect(JSON.stringify(bad.issues)).toContain('validation.nipChecksum');
    const { nip, email, actor } = await createTenantWithOwner();
    // Typing a NIP proves nothing, so it cannot be "taken" either: the second account is an unverified claim
    // and the verified binding of the first stays where it is (docs/security.md).
    const second = await signUp({ email: `inny-${nip}@example.com`, password: 'haslo-bardzo-dlugie', nip, companyName: 'Firma X' });
    expect(await rawDb().tenant.findUniqueOrThrow({ where: { id: second.tenantId } })).toMatchObject({ nip, nipVerifiedAt: null });
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })).nipVerifiedAt).not.toBeNull();
    const takenEmail = await signUp({ email, password: 'haslo-bardzo-dlugie', nip: uniqueNip(), companyName: 'Firma X' }).catch((e) => e);
    expect([takenEmail.field, takenEmail.messageKey]).toEqual(['email', 'validation.emailTaken']);
    // The failed sign-up left no half-created company behind.
    expect(await rawDb().tenant.count({ where: { name: 'Firma X', memberships: { none: {} } } })).toBe(0);
  });
});

describe('several companies and invitations', () => {
  it('a user can add a second company and belongs to both', async () => {
    const { actor } = await createTenantWithOwner('Pierwsza');
    const nip = uniqueNip();
    await createTenant(actor.userId, { nip, companyName: 'Druga' });
    expect((await listUserTenants(actor.userId)).map((t) => t.name)).toEqual(['Pierwsza', 'Druga']);
    // The same NIP twice for one user is a mistake, said on the field.
    const twice = await createTenant(actor.userId, { nip, companyName: 'Druga bis' }).catch((e) => e);
    expect([twice.field, twice.messageKey]).toEqual(['nip', 'errors.nipAlreadyYours']);
  });

  it('an invitation link adds the invited user with the role, once, and only for the invited email', async () => {
    const { actor: owner } = await createTenantWithOwner('Zapraszająca');
    const invitee = await createTenantWithOwner('Własna firma gościa');
    const other = await createTenantWithOwner('Ktoś inny');
    const inv = await inviteMember(owner, { email: invitee.email, role: 'ACCOUNTANT' });
    expect(await rawDb().invitation.count({ where: { tokenHash: inv.token } })).toBe(0); // only the hash is stored
    expect((await findInvitation(inv.token))?.tenant.name).toBe('Zapraszająca');
    await expect(acceptInvitation(other.actor.userId, inv.token)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await acceptInvitation(invitee.actor.userId, inv.token);
    expect((await listUserTenants(invitee.actor.userId)).find((t) => t.id === owner.tenantId)?.role).toBe('ACCOUNTANT');
    await expect(acceptInvitation(invitee.actor.userId, inv.token)).rejects.toMatchObject({ code: 'INVITATION_INVALID' });
    expect(await findInvitation(inv.token)).toBeNull();
  });
});

describe('joining by invitation without an account', () => {
  it('creates only the user, with the invited e-mail, as a member with the invited role — no company founded', async () => {
    const { actor: owner } = await createTenantWithOwner('Zapraszająca');
    const email = `nowa-${crypto.randomUUID()}@example.com`;
    const inv = await inviteMember(owner, { email, role: 'ACCOUNTANT' });
    const tenantsBefore = await rawDb().tenant.count();
    // An e-mail field in the request is ignored: the account is the invitation's.
    const joined = await joinByInvitation({ token: inv.token, name: 'Nowa Księgowa', password: 'haslo-bardzo-dlugie', email: 'ktos-inny@example.com' });
    expect(joined).toMatchObject({ email, tenantId: owner.tenantId });
    expect(await rawDb().tenant.count()).toBe(tenantsBefore);
    expect((await getUserWithTenants(joined.userId, 0))!.tenants).toEqual([expect.objectContaining({ id: owner.tenantId, role: 'ACCOUNTANT' })]);
    expect(await verifyCredentials(email, 'haslo-bardzo-dlugie')).toMatchObject({ id: joined.userId });
    // The link works once; a weak password is refused on its field.
    expect(await joinByInvitation({ token: inv.token, password: 'haslo-bardzo-dlugie' }).catch((e) => e)).toMatchObject({ messageKey: 'errors.invitationInvalid' });
    const inv2 = await inviteMember(owner, { email: `druga-${crypto.randomUUID()}@example.com`, role: 'VIEWER' });
    const weak = await joinByInvitation({ token: inv2.token, password: 'krotkie' }).catch((e) => e);
    expect(JSON.stringify(weak.issues)).toContain('password');
    expect(await findInvitation(inv2.token)).not.toBeNull();
  });

  it('an e-mail that already has an account is told to sign in, and the invitation stays usable', async () => {
    const { actor: owner } = await createTenantWithOwner('Zapraszająca Dwa');
    const { email } = await createTenantWithOwner('Istniejąca');
    const inv = await inviteMember(owner, { email, role: 'VIEWER' });
    expect(await joinByInvitation({ token: inv.token, password: 'haslo-bardzo-dlugie' }).catch((e) => e)).toMatchObject({ messageKey: 'invite.emailHasAccount' });
    expect(await findInvitation(inv.token)).not.toBeNull();
  });
});
