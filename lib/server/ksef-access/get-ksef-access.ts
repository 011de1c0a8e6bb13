import { rawDb } from '@/lib/db/client';
import type { TenantDb } from '@/lib/db/tenant-db';
import { requireRole, type Actor } from '../access';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import { latestPermissionCheck } from './check-permissions';

/** The dashboard's KSeF card: the last stored check and how many invoices wait for a grant. */
export async function ksefStatusSummary(db: TenantDb) {
  const [lastCheck, waitingInvoices] = await Promise.all([latestPermissionCheck(db), db.invoice.count({ where: { status: 'WAITING_FOR_PERMISSION' } })]);
  return { lastCheck, waitingInvoices };
}

/** What the KSeF settings page shows: our NIP, the last check, held invoices. */
export async function getKsefAccess(actor: Actor) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const [tenant, summary] = await Promise.all([
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, ksefEnvironment: true, ksefAccessMode: true } }),
    ksefStatusSummary(db),
  ]);
  return {
    providerNip: providerNip() ?? null,
    tenantNip: tenant.nip,
    environment: process.env.KSEF_ENV === 'CUSTOM' ? 'EMULATOR' : (process.env.KSEF_ENV ?? tenant.ksefEnvironment),
    accessMode: tenant.ksefAccessMode,
    ...summary,
    canSimulate: Boolean(emulatorAdminUrl()) && role === 'OWNER',
    isOwner: role === 'OWNER',
  };
}
