import 'server-only';

/**
 * Every action written to a tenant's audit log. `recordAudit` takes only these, so a new action
 * does not compile until it is listed here; describe-audit-event.ts does not compile until each one
 * has its words in lib/i18n (`auditLog.actions.<action>`, Polish and English), and
 * tests/integration/audit/audit-log.test.ts fails when a writer in lib/server uses a string not listed.
 */
export const AUDIT_ACTIONS = [
  'invoice.issued',
  'invoice.duplicate',
  'invoice.emailed',
  'invoice.held',
  'invoice.queued',
  'invoice.sending',
  'invoice.accepted',
  'invoice.rejected',
  'invoice.upo.retry',
  'invoice.upo.missing',
  'ksef.session.opened',
  'ksef.invoice.sent',
  'ksef.send.held',
  'ksef.permission.revoked',
  'ksef.permissions.check',
  'ksef.simulation.set',
  'ksef.accessMode.changed',
  'tenant.nip.verified',
  'tenant.nip.superseded',
  'certificate.uploaded',
  'certificate.replaced',
  'certificate.tested',
  'certificate.removed',
  'certificate.expiry.warning',
  'certificate.expired',
  'admin.ownCertificateAllowed',
  'member.role_changed',
  'member.removed',
  'member.left',
  'purchases.sync.request',
  'purchases.mark.paid',
  'purchases.mark.booked',
  'payment.recorded',
  'payment.deleted',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];

const known = new Set<string>(AUDIT_ACTIONS);
export const isAuditAction = (action: string): action is AuditAction => known.has(action);

/** The log's filter: groups an accountant looks for, each a condition on the stored rows. */
export const AUDIT_CATEGORIES = {
  // Every invoice.* action (a new one is in the filter without being listed twice) and the send itself.
  invoices: { actions: [...AUDIT_ACTIONS.filter((a) => a.startsWith('invoice.')), 'ksef.invoice.sent'] },
  sending: { actions: ['ksef.session.opened', 'ksef.invoice.sent', 'ksef.send.held', 'ksef.permission.revoked', 'invoice.sending', 'invoice.accepted', 'invoice.rejected', 'invoice.upo.missing'] },
  permissions: { actions: ['ksef.permissions.check', 'ksef.permission.revoked', 'ksef.simulation.set', 'ksef.accessMode.changed', 'tenant.nip.verified', 'tenant.nip.superseded'] },
  certificate: {
    actions: [
      'certificate.uploaded',
      'certificate.replaced',
      'certificate.tested',
      'certificate.removed',
      'certificate.expiry.warning',
      'certificate.expired',
      'admin.ownCertificateAllowed',
      'ksef.accessMode.changed',
    ],
  },
  members: { actions: ['member.role_changed', 'member.removed', 'member.left'] },
  purchases: { actions: ['purchases.sync.request', 'purchases.mark.paid', 'purchases.mark.booked'] },
  /** Payments of sales invoices recorded and deleted by hand. */
  payments: { actions: ['payment.recorded', 'payment.deleted'] },
  /** What a platform admin did in this company: the own-certificate decision and a NIP bound by hand. */
  admin: { actions: ['admin.ownCertificateAllowed'], also: [{ action: 'tenant.nip.verified', result: 'ADMIN' }] },
} as const satisfies Record<string, { actions: readonly AuditAction[]; also?: readonly { action: AuditAction; result: string }[] }>;

export type AuditCategory = keyof typeof AUDIT_CATEGORIES;
export const AUDIT_CATEGORY_NAMES = Object.keys(AUDIT_CATEGORIES) as [AuditCategory, ...AuditCategory[]];

/**
 * Done by a platform admin by its nature (not as a member of the company): shown as „Administrator
 * platformy (e-mail)” whoever the user is today.
 */
export function isPlatformAdminAction(action: string, result: string): boolean {
  return action === 'admin.ownCertificateAllowed' || (action === 'tenant.nip.verified' && result === 'ADMIN');
}
