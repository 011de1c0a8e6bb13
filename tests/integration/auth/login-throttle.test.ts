import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { LoginThrottledError, verifyCredentials } from '@/lib/server/auth/verify-credentials';
import { LIMITS, loginRetryAfter } from '@/lib/server/auth/login-throttle';
import { createTenantWithOwner } from '../../support/factories';

const PASSWORD = 'haslo-testowe-123';
const ip = () => `10.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}.${Math.floor(Math.random() * 255)}`;

describe('sign-in throttling (PostgreSQL-backed)', () => {
  it('per account: 5 failures are free, the 6th locks it — even the right password is refused — and the lock doubles', async () => {
    const { email } = await createTenantWithOwner();
    const from = ip();
    for (let i = 0; i < LIMITS.account.free; i++) expect(await verifyCredentials(email, 'zle-haslo-123', from)).toBeNull();
    expect(await loginRetryAfter({ email, ip: from })).toBe(0);
    expect(await verifyCredentials(email, 'zle-haslo-123', from)).toBeNull(); // the 6th failure locks
    const first = await loginRetryAfter({ email, ip: from });
    expect(first).toBeGreaterThan(25);
    expect(first).toBeLessThanOrEqual(30);
    const refused = await verifyCredentials(email, PASSWORD, ip()).catch((e) => e); // another address too
    expect(refused).toBeInstanceOf(LoginThrottledError);
    expect(refused.retryAfterSeconds).toBe(first);

    // The lock ends; one more failure locks for twice as long.
    await rawDb().loginThrottle.update({ where: { key: `account:${email}` }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect(await verifyCredentials(email, 'zle-haslo-123', from)).toBeNull();
    expect(await loginRetryAfter({ email, ip: null })).toBeGreaterThan(55);

    // After it, the right password works and clears the account's count.
    await rawDb().loginThrottle.update({ where: { key: `account:${email}` }, data: { lockedUntil: null } });
    expect(await verifyCredentials(email, PASSWORD, from)).toMatchObject({ email });
    expect(await rawDb().loginThrottle.count({ where: { key: `account:${email}` } })).toBe(0);
  });

  it('case and spacing of the e-mail do not give a guesser fresh counts; an old window starts over', async () => {
    const { email } = await createTenantWithOwner();
    for (let i = 0; i <= LIMITS.account.free; i++) await verifyCredentials(i % 2 ? email.toUpperCase() : ` ${email} `, 'zle-haslo-123', ip());
    expect(await loginRetryAfter({ email: email.toUpperCase(), ip: null })).toBeGreaterThan(0);
    await rawDb().loginThrottle.update({ where: { key: `account:${email}` }, data: { lockedUntil: null, windowStartedAt: new Date(Date.now() - LIMITS.windowMs - 1000) } });
    await verifyCredentials(email, 'zle-haslo-123', ip());
    expect((await rawDb().loginThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } })).failures).toBe(1);
  });

  it('per address: spraying many accounts from one address locks the address, not the accounts', async () => {
    const from = ip();
    for (let i = 0; i <= LIMITS.ip.free; i++) await verifyCredentials(`nikt-${i}-${from}@example.com`, 'zle-haslo-123', from);
    const { email } = await createTenantWithOwner();
    expect(await verifyCredentials(email, PASSWORD, from).catch((e) => e)).toBeInstanceOf(LoginThrottledError);
    expect(await verifyCredentials(email, PASSWORD, ip())).toMatchObject({ email });
  });

  it('parallel failures are each counted (one statement per key)', async () => {
    const { email } = await createTenantWithOwner();
    await Promise.all(Array.from({ length: 8 }, () => verifyCredentials(email, 'zle-haslo-123', null).catch(() => null)));
    expect((await rawDb().loginThrottle.findUniqueOrThrow({ where: { key: `account:${email}` } })).failures).toBeGreaterThanOrEqual(LIMITS.account.free + 1);
  });

  it('rows whose window and lock are over are deleted by the next failure (sprayed e-mails do not pile up)', async () => {
    const stale = `account:stary-${crypto.randomUUID()}@example.com`;
    const old = new Date(Date.now() - LIMITS.windowMs - 60_000);
    await rawDb().loginThrottle.create({ data: { key: stale, failures: 3, windowStartedAt: old, lockedUntil: null } });
    const stillLocked = `account:zablokowany-${crypto.randomUUID()}@example.com`;
    await rawDb().loginThrottle.create({ data: { key: stillLocked, failures: 9, windowStartedAt: old, lockedUntil: new Date(Date.now() + 60_000) } });
    await verifyCredentials(`ktos-${crypto.randomUUID()}@example.com`, 'zle-haslo-123', null);
    expect(await rawDb().loginThrottle.count({ where: { key: stale } })).toBe(0);
    expect(await rawDb().loginThrottle.count({ where: { key: stillLocked } })).toBe(1);
  });
});
