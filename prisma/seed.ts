/**
 * Demo data for a fresh local database: one platform admin, one demo company with a valid NIP and
 * its owner. Passwords are random and printed once (only their argon2id hashes are stored).
 * Idempotent: does nothing when the admin already exists.
 */
import crypto from 'node:crypto';
import { rawDb } from '@/lib/db/client';
import { hashPassword } from '@/lib/server/auth/password';
import { createDefaultSeries } from '@/lib/server/tenants/create-tenant';

export const DEMO = {
  adminEmail: 'admin@demo.ksef.local',
  ownerEmail: 'wlasciciel@demo.ksef.local',
  tenantNip: '9512345675',
  tenantName: 'Demo Sp. z o.o.',
};

export async function seedDemo(): Promise<{ created: boolean; adminPassword?: string; ownerPassword?: string }> {
  const db = rawDb();
  if (await db.user.findUnique({ where: { email: DEMO.adminEmail } })) return { created: false };
  const adminPassword = crypto.randomBytes(9).toString('base64url');
  const ownerPassword = crypto.randomBytes(9).toString('base64url');
  await db.$transaction(async (tx) => {
    await tx.user.create({ data: { email: DEMO.adminEmail, name: 'Administrator', passwordHash: await hashPassword(adminPassword), isPlatformAdmin: true } });
    const owner = await tx.user.create({ data: { email: DEMO.ownerEmail, name: 'Anna Demo', passwordHash: await hashPassword(ownerPassword) } });
    const tenant = await tx.tenant.create({
      data: { nip: DEMO.tenantNip, name: DEMO.tenantName, addressLine1: 'ul. Przykładowa 1', addressLine2: '00-001 Warszawa' },
    });
    await tx.membership.create({ data: { userId: owner.id, tenantId: tenant.id, role: 'OWNER' } });
    await createDefaultSeries(tx, tenant.id);
  });
  return { created: true, adminPassword, ownerPassword };
}

/**
 * With the local emulator: the demo company's owner grants our NIP in "KSeF" exactly as the
 * instructions say (the account's code in the grant's description) and the live check binds the NIP
 * — the same path a real company takes (docs/security.md). Idempotent; nothing to do once verified.
 */
export async function verifyDemoCompany(): Promise<boolean> {
  const db = rawDb();
  const tenant = await db.tenant.findFirst({
    where: { nip: DEMO.tenantNip, name: DEMO.tenantName, memberships: { some: { role: 'OWNER', user: { email: DEMO.ownerEmail } } } },
    select: { id: true, nipVerifiedAt: true, memberships: { where: { role: 'OWNER', user: { email: DEMO.ownerEmail } }, select: { userId: true } } },
  });
  if (!tenant || tenant.nipVerifiedAt) return false;
  const { simulateGrantInKsef } = await import('@/lib/server/ksef-access/simulate-in-ksef');
  const { check } = await simulateGrantInKsef({ userId: tenant.memberships[0]!.userId, tenantId: tenant.id }, 'writeAndRead');
  return check.outcome === 'OK';
}

export function printCredentials(r: Awaited<ReturnType<typeof seedDemo>>) {
  if (!r.created) return;
  console.log(
    [
      '',
      '  Demo data created. These passwords are shown only now:',
      `    platform admin   ${DEMO.adminEmail}   ${r.adminPassword}`,
      `    company owner    ${DEMO.ownerEmail}   ${r.ownerPassword}   (${DEMO.tenantName}, NIP ${DEMO.tenantNip})`,
      '  Lost them? Stop the app and delete .data/ to start over.',
      '',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  seedDemo().then(
    (r) => {
      printCredentials(r);
      if (!r.created) console.log('Demo data already present.');
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
