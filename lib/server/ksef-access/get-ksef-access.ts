import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import type { PermissionCheckResult } from './check-permissions';

/** What the KSeF settings page and the dashboard show: our NIP, the last check, held invoices. */
export async function getKsefAccess(actor: Actor) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, ksefEnvironment: true, ksefAccessMode: true } });
  const last = await db.ksefPermissionCheck.findFirst({ orderBy: { checkedAt: 'desc' } });
  const waiting = await db.invoice.count({ where: { status: 'WAITING_FOR_PERMISSION' } });
  return {
    providerNip: providerNip() ?? null,
    tenantNip: tenant.nip,
    environment: process.env.KSEF_ENV === 'CUSTOM' ? 'EMULATOR' : (process.env.KSEF_ENV ?? tenant.ksefEnvironment),
    accessMode: tenant.ksefAccessMode,
    lastCheck: last ? (last.result as unknown as PermissionCheckResult) : null,
    waitingInvoices: waiting,
    canSimulate: Boolean(emulatorAdminUrl()) && role === 'OWNER',
    isOwner: role === 'OWNER',
  };
}

export type KsefAccessView = Awaited<ReturnType<typeof getKsefAccess>>;
