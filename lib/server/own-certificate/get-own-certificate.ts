import 'server-only';
import { rawDb } from '@/lib/db/client';
import type { TenantDb } from '@/lib/db/tenant-db';
import { requireRole, type Actor } from '../access';

/** What may be shown about a stored certificate: never any key column. */
export const PUBLIC_CERTIFICATE_FIELDS = {
  fingerprint: true,
  subject: true,
  identifierType: true,
  identifierValue: true,
  notBefore: true,
  notAfter: true,
  keyAlgorithm: true,
  createdAt: true,
  updatedAt: true,
} as const;

export const EXPIRY_WARNING_DAYS = [30, 7, 1] as const;

export async function publicCertificate(db: TenantDb, tenantId: string) {
  return db.ownCertificate.findUnique({ where: { tenantId }, select: PUBLIC_CERTIFICATE_FIELDS });
}

/** The certificate page: mode, whether the admin allows it, the stored certificate's public data. */
export async function getOwnCertificate(actor: Actor) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const [tenant, certificate] = await Promise.all([
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { nip: true, ownCertificateAllowed: true, ksefAccessMode: true } }),
    publicCertificate(db, actor.tenantId),
  ]);
  return { ...tenant, certificate, isOwner: role === 'OWNER', expiry: certificate ? expiryState(certificate.notAfter) : null };
}

export type ExpiryState = { state: 'OK' | 'EXPIRING' | 'EXPIRED'; daysLeft: number; notAfter: Date };

/** Days are counted down to the instant of expiry (a certificate ending in 20 hours has 0 full days left). */
export function expiryState(notAfter: Date, now = new Date()): ExpiryState {
  const ms = notAfter.getTime() - now.getTime();
  const daysLeft = Math.floor(ms / 86_400_000);
  return { state: ms <= 0 ? 'EXPIRED' : daysLeft < EXPIRY_WARNING_DAYS[0] ? 'EXPIRING' : 'OK', daysLeft, notAfter };
}

/**
 * The banner for owners (app layout): the certificate's expiry comes with the user's companies
 * (getUserWithTenants), so the banner costs no query of its own.
 */
export function certificateExpiryNotice(notAfter: Date | null): ExpiryState | null {
  if (!notAfter) return null;
  const s = expiryState(notAfter);
  return s.state === 'OK' ? null : s;
}
