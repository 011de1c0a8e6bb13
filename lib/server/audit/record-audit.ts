import 'server-only';
import { tenantDb } from '@/lib/db/tenant-db';
import type { Actor } from '../access';
import type { AuditAction } from './actions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AuditEntry {
  /** One of AUDIT_ACTIONS (actions.ts): each has its description in lib/i18n (`auditLog.actions`). */
  action: AuditAction;
  result: string;
  ksefReference?: string | null;
  /** Never secrets: ids, numbers, codes, counts. */
  details?: Record<string, unknown>;
}

/**
 * Appends to the tenant's audit log. `actor.userId` empty = done by the system (a background job).
 * An event about an invoice (`details.invoiceId`) also stores the invoice's number, so the log can
 * name it („Faktura FV/3/05/2026”) without the caller looking it up.
 */
export async function recordAudit(actor: { tenantId: string; userId?: string | null }, entry: AuditEntry) {
  const db = tenantDb(actor.tenantId);
  const details = { ...entry.details };
  if (typeof details.invoiceId === 'string' && UUID.test(details.invoiceId) && details.number === undefined) {
    const invoice = await db.invoice.findFirst({ where: { id: details.invoiceId }, select: { number: true } });
    details.number = invoice?.number ?? null;
  }
  await db.auditEvent.create({
    data: {
      tenantId: actor.tenantId,
      actorUserId: actor.userId || null,
      action: entry.action,
      result: entry.result,
      ksefReference: entry.ksefReference ?? null,
      details: details as object,
    },
  });
}

export type { Actor };
