import { rawDb, type Prisma } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import type { PermissionCheckResult } from './check-permissions';

/** The KSeF card's reads, on the tenant's own row: one statement (relationJoins) instead of two. */
const summarySelect = {
  permissionChecks: { orderBy: { checkedAt: 'desc' }, take: 1, select: { result: true } },
  _count: { select: { invoices: { where: { status: 'WAITING_FOR_PERMISSION' } } } },
} satisfies Prisma.TenantSelect;

function toSummary(tenant: Prisma.TenantGetPayload<{ select: typeof summarySelect }>) {
  const last = tenant.permissionChecks[0];
  return { lastCheck: last ? (last.result as unknown as PermissionCheckResult) : null, waitingInvoices: tenant._count.invoices };
}

/**
 * The dashboard's KSeF card: the last stored check and how many invoices wait for a grant. Reads the
 * actor's own tenant row, so call it only after requireRole has checked the membership.
 */
export async function ksefStatusSummary(tenantId: string) {
  return toSummary(await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: summarySelect }));
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
