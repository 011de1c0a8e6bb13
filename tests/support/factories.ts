import crypto from 'node:crypto';
import { rawDb } from '@/lib/db/client';
import type { Role } from '@/lib/db/client';
import { signUp } from '@/lib/server/auth/sign-up';
import type { Actor } from '@/lib/server/access';
import { uniqueNip } from './nip';
import { bindNip } from '@/lib/server/tenants/nip-claim';

/**
 * A new company with its owner, through the real sign-up use case. Its NIP is bound to the account
 * (as a platform admin would) unless `verified: false`: the tests of the proof itself
 * (tests/integration/tenants/nip-claims.test.ts) start from an unverified claim and prove it via KSeF.
 */
export async function createTenantWithOwner(name = 'Firma Testowa Sp. z o.o.', opts: { verified?: boolean; nip?: string } = {}) {
  const nip = opts.nip ?? uniqueNip();
  const email = `owner-${nip}-${crypto.randomBytes(3).toString('hex')}@example.com`;
  const { userId, tenantId } = await signUp({ email, password: 'haslo-testowe-123', nip, companyName: name });
  if (opts.verified !== false) await bindNip(tenantId, 'ADMIN', { reason: 'test fixture' });
  return { actor: { userId, tenantId } as Actor, nip, email };
}

/** Another user who is a member of `tenantId` with `role`. */
export async function addMember(tenantId: string, role: Role): Promise<Actor> {
  const user = await rawDb().user.create({
    data: { email: `${role.toLowerCase()}-${crypto.randomUUID()}@example.com`, passwordHash: 'not-used' },
  });
  await rawDb().membership.create({ data: { userId: user.id, tenantId, role } });
  return { userId: user.id, tenantId };
}
