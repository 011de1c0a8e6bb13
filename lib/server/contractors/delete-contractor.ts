import 'server-only';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';

/** Only a contractor no invoice refers to can be deleted: issued invoices keep their buyer. */
export async function deleteContractor(actor: Actor, contractorId: string) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const id = uuidSchema.parse(contractorId);
  return db.$transaction(async (tx) => {
    const used = await tx.invoice.count({ where: { buyerContractorId: id } });
    if (used > 0) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.contractorInUse', params: { count: used } });
    const res = await tx.contractor.deleteMany({ where: { id } });
    if (res.count !== 1) throw notFound();
  });
}
