import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { sessionClaims } from './session-token';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';
import type { Actor } from '@/lib/server/access';

export const TENANT_COOKIE = 'tenant';

/**
 * The tenant the user works in: the tenant cookie is only a preference, honoured only when the user
 * is a member (use cases check membership again on every call).
 */
export async function currentTenant<T extends { id: string }>(tenants: T[]): Promise<T | undefined> {
  const wanted = (await cookies()).get(TENANT_COOKIE)?.value;
  return tenants.find((t) => t.id === wanted) ?? tenants[0];
}

/** The signed-in user, or a redirect to /login. */
export const requireUser = cache(async () => {
  const claims = await sessionClaims();
  if (!claims) redirect('/login');
  const user = await getUserWithTenants(claims.userId, claims.sessionVersion);
  if (!user) redirect('/login');
  return user;
});

/** The acting user and tenant, or a redirect to /login or /onboarding. */
export const requireActor = cache(async () => {
  const user = await requireUser();
  const tenants = user.tenants;
  const current = await currentTenant(tenants);
  if (!current) redirect('/onboarding');
  const actor: Actor = { userId: user.id, tenantId: current.id, membershipRole: current.role };
  return { actor, user, tenants, tenant: current };
});
