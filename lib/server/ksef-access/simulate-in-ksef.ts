import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import { checkTenantPermissions } from './check-permissions';
import { nipClaimCode } from '../tenants/nip-claim';

type Perm = 'InvoiceWrite' | 'InvoiceRead';

/**
 * Local development only: act as the tenant's owner IN THE EMULATOR and grant or revoke our provider's
 * permissions, so the whole delegated-access flow works on one machine. There is no such thing
 * against a real KSeF environment: without an emulator admin URL this refuses.
 */
export async function simulateGrantInKsef(actor: Actor, action: 'grant' | 'revoke', permissions: Perm[] = ['InvoiceWrite', 'InvoiceRead']) {
  await requireRole(actor, 'OWNER');
  const admin = emulatorAdminUrl();
  const provider = providerNip();
  if (!admin || !provider) throw new AppError('FORBIDDEN', 'errors.simulationUnavailable');
  const perms = permissions.filter((p): p is Perm => p === 'InvoiceWrite' || p === 'InvoiceRead');
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, name: true, nipClaimNonce: true } });
  // What the instructions ask the owner to do: the grant's description carries this account's code.
  const description = `Nadane w symulatorze przez ${tenant.name} – kod: ${nipClaimCode({ id: actor.tenantId, nipClaimNonce: tenant.nipClaimNonce })}`;
  const res = await fetch(`${admin}/${action === 'grant' ? 'grants' : 'revoke'}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ contextNip: tenant.nip, subjectNip: provider, permissions: perms, description, subjectName: 'KSeF Faktury' }),
  });
  if (!res.ok) throw new AppError('CONFLICT', 'errors.simulationFailed');
  await recordAudit(actor, { action: `ksef.simulation.${action}`, result: 'OK', details: { permissions: perms } });
  // What KSeF now says, stored like any check (and held invoices released when InvoiceWrite is back).
  return checkTenantPermissions(actor.tenantId, { triggeredBy: actor.userId });
}
