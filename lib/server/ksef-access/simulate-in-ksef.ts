import 'server-only';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AppError } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { emulatorAdminUrl, providerNip } from '../ksef/gateway';
import { checkTenantPermissions } from './check-permissions';
import { nipClaimCode } from '../tenants/nip-claim';

type Perm = 'InvoiceWrite' | 'InvoiceRead';

/** Each simulation button names the state it leaves in KSeF, exactly (issue #19): never "add Read" on top of a Write. */
export const SIMULATION_TARGETS = { writeAndRead: ['InvoiceWrite', 'InvoiceRead'], readOnly: ['InvoiceRead'], none: [] } as const satisfies Record<string, readonly Perm[]>;
export type SimulationTarget = keyof typeof SIMULATION_TARGETS;
const ALL: Perm[] = ['InvoiceWrite', 'InvoiceRead'];

/**
 * Local development only: act as the tenant's owner IN THE EMULATOR and set our provider's
 * permissions to exactly `target`, so the whole delegated-access flow works on one machine. There is
 * no such thing against a real KSeF environment: without an emulator admin URL this refuses.
 */
export async function simulateGrantInKsef(actor: Actor, untrustedTarget: string) {
  await requireRole(actor, 'OWNER');
  if (!Object.hasOwn(SIMULATION_TARGETS, untrustedTarget)) throw new AppError({ code: 'VALIDATION', messageKey: 'validation.invalid' });
  const target = untrustedTarget as SimulationTarget;
  const admin = emulatorAdminUrl();
  const provider = providerNip();
  if (!admin || !provider) throw new AppError({ code: 'FORBIDDEN', messageKey: 'errors.simulationUnavailable' });
  const wanted: readonly Perm[] = SIMULATION_TARGETS[target];
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, name: true, nipClaimNonce: true } });
  // What the instructions ask the owner to do: the grant's description carries this account's code.
  const description = `Nadane w symulatorze przez ${tenant.name} – kod: ${nipClaimCode({ id: actor.tenantId, nipClaimNonce: tenant.nipClaimNonce })}`;
  const call = async (op: 'grants' | 'revoke', permissions: Perm[]) => {
    if (!permissions.length) return;
    const res = await fetch(`${admin}/${op}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ contextNip: tenant.nip, subjectNip: provider, permissions, description, subjectName: 'KSeF Faktury' }),
    });
    if (!res.ok) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.simulationFailed' });
  };
  await call(
    'revoke',
    ALL.filter((p) => !wanted.includes(p)),
  );
  await call('grants', [...wanted]);
  await recordAudit(actor, { action: 'ksef.simulation.set', result: 'OK', details: { permissions: [...wanted] } });
  // What KSeF now says, stored like any check (and held invoices released when InvoiceWrite is back).
  const check = await checkTenantPermissions(actor.tenantId, { triggeredBy: actor.userId });
  return { target, check };
}
