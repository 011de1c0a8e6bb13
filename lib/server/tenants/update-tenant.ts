import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { companyNameSchema } from '../validation';

export const updateTenantInput = z.object({
  name: companyNameSchema,
  addressLine1: z.string().trim().max(512, 'validation.tooLong').default(''),
  addressLine2: z.string().trim().max(512, 'validation.tooLong').default(''),
});

/** Company details. The NIP is the tenant's identity in KSeF and cannot change. */
export async function updateTenant(actor: Actor, input: unknown) {
  await requireRole(actor, 'OWNER');
  const data = updateTenantInput.parse(input);
  await rawDb().tenant.update({ where: { id: actor.tenantId }, data });
}
