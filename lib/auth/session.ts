import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { auth } from '.';
import { rawDb } from '@/lib/db/client';
import type { Actor } from '@/lib/server/access';

export const TENANT_COOKIE = 'tenant';

/** The signed-in user, or a redirect to /login. */
export const requireUser = cache(async () => {
  const session = await auth();
  const userId = session?.user?.id;
  if (!userId) redirect('/login');
  // The user and their companies in one query: every signed-in page starts here.
  const row = await rawDb().user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      name: true,
      isPlatformAdmin: true,
      locale: true,
      memberships: { select: { role: true, tenant: { select: { id: true, name: true, nip: true } } }, orderBy: { createdAt: 'asc' } },
    },
  });
  if (!row) redirect('/login');
  const { memberships, ...user } = row;
  return { ...user, tenants: memberships.map((m) => ({ id: m.tenant.id, name: m.tenant.name, nip: m.tenant.nip, role: m.role })) };
});

/**
 * The acting user and tenant. The tenant cookie is only a preference: it is honoured only when the
 * user is a member (use cases check membership again on every call).
 */
export const requireActor = cache(async () => {
  const user = await requireUser();
  const tenants = user.tenants;
  if (tenants.length === 0) redirect('/onboarding');
  const wanted = (await cookies()).get(TENANT_COOKIE)?.value;
  const current = tenants.find((t) => t.id === wanted) ?? tenants[0]!;
  const actor: Actor = { userId: user.id, tenantId: current.id };
  return { actor, user, tenants, tenant: current };
});
