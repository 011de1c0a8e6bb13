import 'server-only';
import { rawDb } from '@/lib/db/client';
import { EXPIRY_WARNING_DAYS } from './get-own-certificate';

/**
 * Daily job: for each stored certificate, record the 30/7/1-day warning (and "expired") once each, as
 * an audit event of the tenant. A certificate uploaded with 5 days left gets the 7-day warning only;
 * the owners' banner is computed live from notAfter, so it needs no state. A replaced certificate
 * starts with no recorded warnings.
 */
export async function warnExpiringCertificates(now = new Date()) {
  const horizon = new Date(now.getTime() + EXPIRY_WARNING_DAYS[0] * 86_400_000);
  const due = await rawDb().ownCertificate.findMany({ where: { notAfter: { lte: horizon } }, select: { tenantId: true, fingerprint: true, notAfter: true, expiryWarnings: true } });
  let recorded = 0;
  for (const c of due) {
    const msLeft = c.notAfter.getTime() - now.getTime();
    // Thresholds reached: 0 = expired; the most urgent one not yet recorded is the one to record.
    const reached = [...EXPIRY_WARNING_DAYS, 0].filter((d) => msLeft <= d * 86_400_000);
    const mostUrgent = Math.min(...reached);
    if (c.expiryWarnings.includes(mostUrgent)) continue;
    const marked = [...new Set([...c.expiryWarnings, ...reached])];
    await rawDb().$transaction(async (tx) => {
      // Guarded by the fingerprint: a certificate replaced meanwhile is not marked.
      const u = await tx.ownCertificate.updateMany({ where: { tenantId: c.tenantId, fingerprint: c.fingerprint, NOT: { expiryWarnings: { has: mostUrgent } } }, data: { expiryWarnings: marked } });
      if (u.count !== 1) return;
      await tx.auditEvent.create({
        data: {
          tenantId: c.tenantId,
          action: mostUrgent === 0 ? 'certificate.expired' : 'certificate.expiry.warning',
          result: mostUrgent === 0 ? 'EXPIRED' : `DAYS_${mostUrgent}`,
          details: { fingerprint: c.fingerprint, notAfter: c.notAfter.toISOString(), days: mostUrgent },
        },
      });
      recorded++;
    });
  }
  return { checked: due.length, recorded };
}
