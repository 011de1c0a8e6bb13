import 'server-only';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { uuidSchema } from '../validation';
import { enqueueTenantSending } from '@/lib/jobs/queue';
import { rawDb } from '@/lib/db/client';
import { canSend, latestPermissionCheck, type PermissionCheckResult } from '../ksef-access/check-permissions';
import { holdReason } from './send-tenant-invoices';
import { statusReasonColumns } from './status-reason';

/**
 * Queues an issued invoice for KSeF. The actual sending is done by the durable worker
 * (lib/jobs), which groups a tenant's queued invoices into sessions; queuing is idempotent.
 */
export async function sendInvoice(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  // Refused before any network call when the last check shows InvoiceWrite missing: the invoice waits,
  // visibly, and goes out by itself once the grant is seen (check-permissions.ts releases it).
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nipVerifiedAt: true } });
  const lastCheck: Parameters<typeof holdReason>[0] | null = tenant.nipVerifiedAt ? await latestPermissionCheck(db) : { outcome: 'NIP_UNVERIFIED' };
  if (lastCheck && (lastCheck.outcome === 'NIP_UNVERIFIED' || !canSend(lastCheck as PermissionCheckResult))) {
    const held = await db.invoice.updateMany({ where: { id: id.data, status: 'ISSUED' }, data: { status: 'WAITING_FOR_PERMISSION', ...statusReasonColumns(holdReason(lastCheck)) } });
    if (held.count === 1) {
      await recordAudit(actor, { action: 'invoice.held', result: lastCheck.outcome, details: { invoiceId: id.data } });
      return { status: 'WAITING_FOR_PERMISSION' as const };
    }
  }
  const queued = await db.$transaction(async (tx) => {
    const res = await tx.invoice.updateMany({ where: { id: id.data, status: 'ISSUED' }, data: { status: 'QUEUED', ...statusReasonColumns(null) } });
    if (res.count === 1) await enqueueTenantSending(tx, actor.tenantId);
    return res.count === 1;
  });
  if (!queued) {
    const inv = await db.invoice.findFirst({ where: { id: id.data }, select: { status: true } });
    if (!inv) throw notFound();
    if (['QUEUED', 'SENDING', 'ACCEPTED', 'WAITING_FOR_PERMISSION'].includes(inv.status)) return { status: inv.status };
    throw new AppError({ code: 'CONFLICT', messageKey: 'errors.invoiceNotIssued' });
  }
  await recordAudit(actor, { action: 'invoice.queued', result: 'OK', details: { invoiceId: id.data } });
  return { status: 'QUEUED' as const };
}
