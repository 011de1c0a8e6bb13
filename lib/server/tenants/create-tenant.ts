import 'server-only';
import { z } from 'zod';
import { rawDb, Prisma } from '@/lib/db/client';
import { AppError } from '../errors';
import { companyNameSchema, nipSchema } from '../validation';

export const createTenantInput = z.object({ nip: nipSchema, companyName: companyNameSchema });

type Tx = Prisma.TransactionClient;

/** A new company's numbering: FV/{n}/{MM}/{YYYY} for invoices, and corrections in their own series. */
export async function createDefaultSeries(tx: Tx, tenantId: string) {
  await tx.invoiceSeries.createMany({
    data: [
      { tenantId, name: 'FV', pattern: 'FV/{n}/{MM}/{YYYY}', kind: 'VAT', isDefault: true },
      { tenantId, name: 'KOR', pattern: 'KOR/{n}/{MM}/{YYYY}', kind: 'KOR', isDefault: true },
    ],
  });
}

/** A signed-in user adds another company; they become its owner. */
export async function createTenant(userId: string, input: unknown) {
  const data = createTenantInput.parse(input);
  // Another account may claim the same NIP (only a proof binds it); the same user twice is a mistake.
  if (await rawDb().membership.count({ where: { userId, tenant: { nip: data.nip } } })) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.nipAlreadyYours', field: 'nip' });
  return rawDb().$transaction(async (tx) => {
    const tenant = await tx.tenant.create({ data: { nip: data.nip, name: data.companyName } });
    await tx.membership.create({ data: { userId, tenantId: tenant.id, role: 'OWNER' } });
    await createDefaultSeries(tx, tenant.id);
    return { tenantId: tenant.id };
  });
}
