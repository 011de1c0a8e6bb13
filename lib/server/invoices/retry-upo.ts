import 'server-only';
import { rawDb } from '@/lib/db/client';
import { enqueueTenantSending } from '@/lib/jobs/queue';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { uuidSchema } from '../validation';
import { recordAudit } from '../audit/record-audit';
import { resumeUpoPolling } from './send-tenant-invoices';

/** „Pobierz UPO ponownie”: after KSeF gave no UPO within the polling budget, polling starts over. */
export async function retryUpo(actor: Actor, invoiceId: string): Promise<void> {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const invoice = await db.invoice.findFirst({ where: { id: id.data }, select: { id: true, status: true } });
  if (!invoice) throw notFound();
  if (invoice.status !== 'ACCEPTED') throw new AppError({ code: 'CONFLICT', messageKey: 'errors.upoNotExpected' });
  if ((await resumeUpoPolling(db, invoice.id)) === 0) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.upoNotExpected' });
  await recordAudit(actor, { action: 'invoice.upo.retry', result: 'OK', details: { invoiceId: invoice.id } });
  await enqueueTenantSending(rawDb(), actor.tenantId);
}
