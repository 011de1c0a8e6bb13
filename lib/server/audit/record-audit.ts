import 'server-only';
import { tenantDb } from '@/lib/db/tenant-db';
import type { Actor } from '../access';

export interface AuditEntry {
  action: string;
  result: string;
  ksefReference?: string | null;
  /** Never secrets: ids, numbers, codes, counts. */
  details?: Record<string, unknown>;
}

/** Appends to the tenant's audit log. `actor.userId` empty = done by the system (a background job). */
export async function recordAudit(actor: { tenantId: string; userId?: string | null }, entry: AuditEntry) {
  await tenantDb(actor.tenantId).auditEvent.create({
    data: {
      tenantId: actor.tenantId,
      actorUserId: actor.userId || null,
      action: entry.action,
      result: entry.result,
      ksefReference: entry.ksefReference ?? null,
      details: (entry.details ?? {}) as object,
    },
  });
}

export type { Actor };
