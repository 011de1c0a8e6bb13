import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { changePassword, signOutEverywhere } from '@/lib/server/auth/account-sessions';
import { verifyCredentials } from '@/lib/server/auth/verify-credentials';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';
import { createTenantWithOwner } from '../../support/factories';

const version = async (userId: string) => (await rawDb().user.findUniqueOrThrow({ where: { id: userId } })).sessionVersion;

describe('sessions end when they must', () => {
  it('a password change needs the current password, and ends every session issued before it', async () => {
    const { actor, email } = await createTenantWithOwner();
    const before = await version(actor.userId);
    expect(await getUserWithTenants(actor.userId, before)).not.toBeNull();

    const wrong = await changePassword(actor.userId, { currentPassword: 'zle-haslo-123', newPassword: 'nowe-haslo-dlugie' }).catch((e) => e);
    expect([wrong.field, wrong.messageKey]).toEqual(['currentPassword', 'auth.currentPasswordWrong']);
    const weak = await changePassword(actor.userId, { currentPassword: 'haslo-testowe-123', newPassword: 'krotkie' }).catch((e) => e);
    expect(JSON.stringify(weak.issues)).toContain('validation.passwordLength');
    expect(await version(actor.userId)).toBe(before);

    await changePassword(actor.userId, { currentPassword: 'haslo-testowe-123', newPassword: 'nowe-haslo-dlugie' });
    // A token of the old version finds no user: every page and route answers as signed out.
    expect(await getUserWithTenants(actor.userId, before)).toBeNull();
    expect(await getUserWithTenants(actor.userId, before + 1)).not.toBeNull();
    expect(await verifyCredentials(email, 'haslo-testowe-123')).toBeNull();
    expect(await verifyCredentials(email, 'nowe-haslo-dlugie')).toMatchObject({ id: actor.userId, sessionVersion: before + 1 });
  });

  it('„Wyloguj wszędzie” ends every session, the password stays', async () => {
    const { actor, email } = await createTenantWithOwner();
    const before = await version(actor.userId);
    await signOutEverywhere(actor.userId);
    expect(await getUserWithTenants(actor.userId, before)).toBeNull();
    expect(await verifyCredentials(email, 'haslo-testowe-123')).toMatchObject({ sessionVersion: before + 1 });
  });
});
