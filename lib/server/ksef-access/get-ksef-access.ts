import 'server-only';
import { ksefConfig } from '@/lib/config';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import { parseStoredPermissionCheck } from './check-permissions';
import { nipClaimCode } from '../tenants/nip-claim';

/**
 * What the KSeF settings page shows: our NIP, the last check, held invoices. The invoice list's KSeF
 * card reads the same two things in its own statement (list-invoices.ts); a test keeps them equal.
 */
export async function getKsefAccess(actor: Actor) {
  const { role } = await requireRole(actor, 'VIEWER');
  const tenant = await rawDb().tenant.findUniqueOrThrow({
    where: { id: actor.tenantId },
    select: {
      nip: true,
      ksefEnvironment: true,
      ksefAccessMode: true,
      nipVerifiedAt: true,
      nipVerifiedBy: true,
      nipClaimNonce: true,
      permissionChecks: { orderBy: { checkedAt: 'desc' }, take: 1, select: { result: true } },
      _count: { select: { invoices: { where: { status: 'WAITING_FOR_PERMISSION' } } } },
    },
  });
  const lastCheck = tenant.permissionChecks[0];
  const verifiedElsewhere = !tenant.nipVerifiedAt && (await rawDb().tenant.count({ where: { nip: tenant.nip, nipVerifiedAt: { not: null } } })) > 0;
  return {
    providerNip: providerNip() ?? null,
    tenantNip: tenant.nip,
    environment: effectiveKsefEnvironment(tenant.ksefEnvironment),
    accessMode: tenant.ksefAccessMode,
    lastCheck: lastCheck ? parseStoredPermissionCheck(actor.tenantId, lastCheck.result) : null,
    waitingInvoices: tenant._count.invoices,
    canSimulate: Boolean(emulatorAdminUrl()) && role === 'OWNER',
    isOwner: role === 'OWNER',
    nipProof: {
      verifiedAt: tenant.nipVerifiedAt,
      verifiedBy: tenant.nipVerifiedBy,
      // The code is the claim's key: its owners see it, nobody else (not other roles, not the logs).
      claimCode: !tenant.nipVerifiedAt && role === 'OWNER' ? nipClaimCode({ id: actor.tenantId, nipClaimNonce: tenant.nipClaimNonce }) : null,
      verifiedElsewhere,
    },
  };
}

/** The environment this server really talks to: the configured one wins over the tenant's stored default. */
export function effectiveKsefEnvironment(stored: string): 'TEST' | 'DEMO' | 'PROD' | 'EMULATOR' {
  const configured = ksefConfig().environment;
  const env = configured === 'CUSTOM' ? 'EMULATOR' : (configured ?? stored);
  return env === 'DEMO' || env === 'PROD' || env === 'EMULATOR' ? env : 'TEST';
}
