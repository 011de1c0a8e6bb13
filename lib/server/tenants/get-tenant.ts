import 'server-only';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';

export async function getTenant(actor: Actor) {
  const { role } = await requireRole(actor, 'VIEWER');
  // The tenant row itself is keyed by the actor's verified tenant id.
  const tenant = await rawDb().tenant.findUniqueOrThrow({
    where: { id: actor.tenantId },
    select: {
      id: true,
      nip: true,
      name: true,
      addressLine1: true,
      addressLine2: true,
      countryCode: true,
      ksefEnvironment: true,
      ksefAccessMode: true,
      ownCertificateAllowed: true,
    },
  });
  return { ...tenant, role };
}
