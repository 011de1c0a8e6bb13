import 'server-only';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { parseStoredPermissionCheck } from '../ksef-access/check-permissions';

export type OnboardingStep = 'address' | 'ksef' | 'invoice';

/**
 * Where a company stands on its first run, from what is stored (nothing is marked by hand): the
 * seller's address is filled in; KSeF confirmed the grant (the last live check is OK, which also
 * means the NIP is proven); an invoice was issued. Any member may see it.
 */
export async function getOnboarding(actor: Actor) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const [tenant, check, issued] = await Promise.all([
    // The tenant row itself is keyed by the actor's verified tenant id.
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { addressLine1: true, addressLine2: true, ksefAccessMode: true } }),
    db.ksefPermissionCheck.findFirst({ orderBy: { checkedAt: 'desc' }, select: { result: true } }),
    db.invoice.count({ where: { status: { not: 'DRAFT' } }, take: 1 }),
  ]);
  const steps: Record<OnboardingStep, boolean> = {
    address: Boolean(tenant.addressLine1.trim() && tenant.addressLine2.trim()),
    ksef: (check ? parseStoredPermissionCheck(actor.tenantId, check.result)?.outcome : null) === 'OK',
    invoice: issued > 0,
  };
  const done = Object.values(steps).filter(Boolean).length;
  return { steps, done, total: 3, complete: done === 3, accessMode: tenant.ksefAccessMode, isOwner: role === 'OWNER' };
}
