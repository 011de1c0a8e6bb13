import { rawDb, type Prisma } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import type { PermissionCheckResult } from './check-permissions';

/**
 * The KSeF card's reads, on the tenant's own row (relationJoins: one statement). The invoice list
 * reads the same two things in its own statement (list-invoices.ts); a test keeps them equal.
 */
const summarySelect = {
  permissionChecks: { orderBy: { checkedAt: 'desc' }, take: 1, select: { result: true } },
  _count: { select: { invoices: { where: { status: 'WAITING_FOR_PERMISSION' } } } },
} satisfies Prisma.TenantSelect;

function toSummary(tenant: Prisma.TenantGetPayload<{ select: typeof summarySelect }>) {
  const last = tenant.permissionChecks[0];
  return { lastCheck: last ? (last.result as unknown as PermissionCheckResult) : null, waitingInvoices: tenant._count.invoices };
}

/** What the KSeF settings page shows: our NIP, the last check, held invoices. */
export async function getKsefAccess(actor: Actor) {
  const { role } = await requireRole(actor, 'VIEWER');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, ksefEnvironment: true, ksefAccessMode: true, ...summarySelect } });
  return {
    providerNip: providerNip() ?? null,
    tenantNip: tenant.nip,
    environment: process.env.KSEF_ENV === 'CUSTOM' ? 'EMULATOR' : (process.env.KSEF_ENV ?? tenant.ksefEnvironment),
    accessMode: tenant.ksefAccessMode,
    ...toSummary(tenant),
    canSimulate: Boolean(emulatorAdminUrl()) && role === 'OWNER',
    isOwner: role === 'OWNER',
  };
}
