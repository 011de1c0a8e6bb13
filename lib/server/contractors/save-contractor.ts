import 'server-only';
import { Prisma } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import { contractorInput, toContractorRow } from './contractor-input';

function conflict(e: unknown): never {
  if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') {
    throw new AppError({ code: 'CONFLICT', messageKey: 'validation.contractorNipTaken', field: 'nip' });
  }
  throw e;
}

export async function createContractor(actor: Actor, input: unknown) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const row = toContractorRow(contractorInput.parse(input));
  return db.contractor.create({ data: { ...row, tenantId: actor.tenantId }, select: { id: true } }).catch(conflict);
}

export async function updateContractor(actor: Actor, contractorId: string, input: unknown) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const id = uuidSchema.parse(contractorId);
  const row = toContractorRow(contractorInput.parse(input));
  const res = await db.contractor.updateMany({ where: { id }, data: row }).catch(conflict);
  if (res.count !== 1) throw notFound();
}
