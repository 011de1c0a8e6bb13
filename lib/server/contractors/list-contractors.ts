import 'server-only';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';

export async function listContractors(actor: Actor, opts: { query?: string; take?: number } = {}) {
  const { db } = await requireRole(actor, 'VIEWER');
  const q = opts.query?.trim();
  return db.contractor.findMany({
    where: q ? { OR: [{ name: { contains: q, mode: 'insensitive' } }, { nip: { startsWith: q.replace(/\D/g, '') || q } }] } : {},
    orderBy: { name: 'asc' },
    take: Math.min(opts.take ?? 200, 500),
    select: { id: true, kind: true, name: true, nip: true, euVatId: true, taxId: true, countryCode: true, addressLine1: true, addressLine2: true, email: true, _count: { select: { invoices: true } } },
  });
}

export async function getContractor(actor: Actor, contractorId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const parsed = uuidSchema.safeParse(contractorId);
  if (!parsed.success) throw notFound();
  const c = await db.contractor.findFirst({ where: { id: parsed.data } });
  if (!c) throw notFound();
  return c;
}
