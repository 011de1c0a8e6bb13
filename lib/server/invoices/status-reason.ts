import 'server-only';
import type { Prisma } from '@/lib/db/client';
import type { KsefError } from '@/lib/ksef/errors';
import type { StatusReason } from '@/lib/invoices/status-reason';

/**
 * The Invoice columns a reason is stored in: the code and its parameters, never text (rendered per
 * reader, lib/invoices/status-reason.ts). `null` clears both.
 */
export function statusReasonColumns(reason: StatusReason | null): { statusReason: string | null; statusParams: Prisma.InputJsonObject } {
  return { statusReason: reason?.code ?? null, statusParams: (reason?.params ?? {}) as Prisma.InputJsonObject };
}

/** What a KSeF error says to the user, as a stored reason. */
export const reasonOfKsefError = (e: KsefError): StatusReason => ({ code: e.reason, params: e.reasonParams });
