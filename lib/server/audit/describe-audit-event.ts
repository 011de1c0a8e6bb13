import 'server-only';
import type { Locale, Translate } from '@/lib/i18n';
import { formatDate, formatDateTime, formatMoney } from '@/lib/i18n/format';
import type { AuditLogMessages } from '@/lib/i18n/messages/audit.types';
import { renderMessage } from '@/lib/i18n';
import { statusReasonMessage } from '@/lib/invoices/status-reason';
import { isAuditAction, type AuditAction } from './actions';
import type { AuditLogRow, AuditWho } from './list-audit-events';

/** One line of an event's details: „Faktura: FV/3/05/2026”. */
export interface AuditDetail {
  label: string;
  value: string;
  /** A page the value opens (the invoice). */
  href?: string;
  /** Numbers and references, shown in monospace and broken anywhere on a phone. */
  mono?: boolean;
}

export type AuditTone = 'ok' | 'warn' | 'error' | 'info' | 'neutral';

/** An audit event as the log shows it, in the reader's language: no codes. */
export interface AuditEventView {
  id: string;
  when: string;
  /** ISO instant, for <time dateTime>. */
  at: string;
  who: string;
  whoKind: AuditWho['kind'];
  title: string;
  details: AuditDetail[];
  result: { label: string; tone: AuditTone };
}

// Every action has its title in lib/i18n: this does not compile while one is missing (its name is in the error).
type Leaves<T, P extends string = ''> = { [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`> }[keyof T & string];
type Untranslated = Exclude<AuditAction, Leaves<AuditLogMessages['auditLog']['actions']>>;
const everyActionHasATitle: [Untranslated] extends [never] ? true : { untranslated: Untranslated } = true;
void everyActionHasATitle;

type ResultKey = keyof AuditLogMessages['auditLog']['results'];
type Described = { details: AuditDetail[]; result: [ResultKey, AuditTone] | { outcome: string; generic?: boolean } };

const NEEDED_PERMISSIONS = ['InvoiceWrite', 'InvoiceRead'];
const OUTCOME_TONES: Record<string, AuditTone> = {
  OK: 'ok',
  MISSING: 'warn',
  NO_ACCESS: 'error',
  UNREACHABLE: 'warn',
  CERTIFICATE_REJECTED: 'error',
  UNKNOWN_CONTEXT: 'error',
  NIP_UNVERIFIED: 'warn',
  CERTIFICATE_EXPIRED: 'error',
  CERTIFICATE_MISSING: 'error',
};

/** Renders one event of the log (listAuditEvents' row) in the reader's language. */
export function describeAuditEvent(t: Translate, locale: Locale, row: AuditLogRow): AuditEventView {
  const m = (key: string, params?: Parameters<Translate>[1]) => t(`auditLog.${key}`, params);
  /** A translation, or `fallback` when there is none (t returns the key itself then). */
  const known = (key: string, fallback: string) => {
    const s = t(key);
    return s === key ? fallback : s;
  };
  const d = row.details;
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : typeof v === 'number' ? String(v) : null);
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const detail = (labelKey: string, value: string | null | undefined, extra: Partial<AuditDetail> = {}): AuditDetail[] => (value ? [{ label: m(`labels.${labelKey}`), value, ...extra }] : []);

  const perms = (ps: string[]) => (ps.length ? ps.map((p) => known(`ksef.perm.${p}`, p)).join(', ') : m('values.none'));
  const role = (r: unknown) => (str(r) ? known(`settings.roles.${String(r)}`, String(r)) : null);
  const mode = (x: unknown) => (str(x) ? known(`settings.accessModes.${String(x)}`, String(x)) : null);
  const change = (from: string | null, to: string | null) => (from && to ? m('values.change', { from, to }) : (to ?? from));
  const date = (v: unknown) => (str(v) ? formatDate(String(v), locale) : null);
  const outcomeText = (o: string) => known(`ksef.outcome.${o}`, '');

  const invoice: AuditDetail[] = row.invoice ? [{ label: m('labels.invoice'), value: row.invoice.number ?? m('values.noNumber'), href: `/invoices/${row.invoice.id}` }] : [];
  const ref = (labelKey: string) => detail(labelKey, row.ksefReference, { mono: true });
  const ksefCode = detail('ksefCode', str(d.ksefCode));
  const reason = detail('reason', str(d.reason));
  const keyShredded = d.keyDeleted === true ? detail('key', m('values.keyShredded')) : [];
  const fingerprint = detail('fingerprint', str(d.fingerprint), { mono: true });

  const DESCRIBE: Record<AuditAction, () => Described> = {
    'invoice.issued': () => ({ details: invoice, result: ['done', 'ok'] }),
    'invoice.emailed': () => ({
      details: [...invoice, ...detail('recipient', str(d.to)), ...detail('error', str(d.error))],
      result: row.result === 'SENT' ? ['sent', 'ok'] : row.result === 'FAILED' ? ['failed', 'error'] : ['inQueue', 'info'],
    }),
    'invoice.duplicate': () => ({ details: [...invoice, ...detail('duplicateDate', date(d.issuedOn))], result: ['done', 'ok'] }),
    'invoice.held': () => ({ details: [...invoice, ...detail('explanation', outcomeText(row.result))], result: ['held', 'warn'] }),
    'invoice.queued': () => ({ details: invoice, result: ['inQueue', 'info'] }),
    'invoice.sending': () => ({ details: invoice, result: ['done', 'info'] }),
    'invoice.accepted': () => ({ details: [...invoice, ...ref('ksefNumber')], result: row.result === 'DUPLICATE_OF_ACCEPTED' ? ['acceptedDuplicate', 'ok'] : ['accepted', 'ok'] }),
    'invoice.rejected': () => {
      const why = statusReasonMessage(str(d.reason), d.params);
      return {
        details: [...invoice, ...detail('rejectionReason', why ? renderMessage(t, why) : null), ...detail('ksefCode', /^\d+$/.test(row.result) ? row.result : null)],
        result: ['rejected', 'error'],
      };
    },
    'invoice.upo.retry': () => ({ details: invoice, result: ['done', 'ok'] }),
    'invoice.upo.missing': () => ({ details: [...invoice, ...ref('ksefNumber'), ...detail('upoAttempts', str(d.attempts))], result: ['noUpo', 'warn'] }),
    'ksef.session.opened': () => ({
      details: [
        ...detail('sessionKind', d.kind === 'BATCH' ? m('values.sessionBatch') : d.kind === 'ONLINE' ? m('values.sessionOnline') : null),
        ...detail('invoiceCount', str(d.invoices)),
        ...ref('sessionReference'),
      ],
      result: ['done', 'ok'],
    }),
    'ksef.invoice.sent': () => ({ details: [...invoice, ...ref('sendReference'), ...detail('sessionReference', str(d.session), { mono: true })], result: ['sent', 'ok'] }),
    'ksef.send.held': () => ({ details: [...detail('heldCount', str(d.count)), ...detail('explanation', outcomeText(row.result))], result: ['held', 'warn'] }),
    'ksef.permission.revoked': () => ({ details: [...detail('explanation', m('values.permissionRevoked')), ...ksefCode], result: ['denied', 'error'] }),
    'ksef.permissions.check': () => {
      const granted = list(d.granted);
      const read = ['OK', 'MISSING', 'NIP_UNVERIFIED'].includes(row.result);
      const missing = NEEDED_PERMISSIONS.filter((p) => !granted.includes(p));
      return {
        details: [
          ...detail('granted', read || granted.length ? perms(granted) : null),
          ...(read && missing.length ? detail('missing', perms(missing)) : []),
          ...ksefCode,
          ...(row.result !== 'OK' ? detail('explanation', outcomeText(row.result)) : []),
        ],
        result: { outcome: row.result },
      };
    },
    'ksef.simulation.set': () => ({ details: detail('simulated', perms(list(d.permissions))), result: ['done', 'ok'] }),
    'ksef.accessMode.changed': () => ({ details: detail('accessMode', change(mode(d.from), mode(d.to ?? row.result))), result: ['done', 'ok'] }),
    'tenant.nip.verified': () => ({
      details: [
        ...detail('method', known(`ksef.nipProof.method.${row.result}`, '')),
        ...reason,
        ...detail('superseded', list(d.supersededTenantIds).length ? String(list(d.supersededTenantIds).length) : null),
      ],
      result: ['verified', 'ok'],
    }),
    'tenant.nip.superseded': () => ({
      details: [...detail('explanation', m('values.superseded')), ...detail('method', known(`ksef.nipProof.method.${String(d.method)}`, ''))],
      result: ['superseded', 'warn'],
    }),
    'certificate.uploaded': () => ({
      details: [...fingerprint, ...detail('validUntil', date(d.notAfter)), ...detail('ksefPermissions', list(d.permissions).length ? perms(list(d.permissions)) : null)],
      result: ['done', 'ok'],
    }),
    'certificate.replaced': () => ({
      details: [
        ...fingerprint,
        ...detail('validUntil', date(d.notAfter)),
        ...detail('ksefPermissions', list(d.permissions).length ? perms(list(d.permissions)) : null),
        ...detail('previousFingerprint', str(d.previousFingerprint), { mono: true }),
      ],
      result: ['done', 'ok'],
    }),
    'certificate.tested': () =>
      row.result === 'OK'
        ? { details: [...fingerprint, ...detail('ksefPermissions', perms(list(d.permissions)))], result: ['done', 'ok'] }
        : { details: [...fingerprint, ...detail('error', str(d.messageKey) ? known(String(d.messageKey), m('values.unknownError')) : m('values.unknownError'))], result: ['failed', 'error'] },
    'certificate.removed': () => ({
      details: [...keyShredded, ...(d.modeBefore && d.modeBefore !== d.modeAfter ? detail('accessMode', change(mode(d.modeBefore), mode(d.modeAfter))) : [])],
      result: ['done', 'ok'],
    }),
    'certificate.expiry.warning': () => ({
      details: [...detail('validUntil', date(d.notAfter)), ...detail('daysLeft', typeof d.days === 'number' ? m('values.days', { days: d.days }) : null), ...fingerprint],
      result: ['warning', 'warn'],
    }),
    'certificate.expired': () => ({ details: [...detail('validUntil', date(d.notAfter)), ...fingerprint], result: ['expired', 'error'] }),
    'admin.ownCertificateAllowed': () => ({
      details: [...reason, ...keyShredded, ...(d.modeBefore && d.modeBefore !== d.modeAfter ? detail('accessMode', change(mode(d.modeBefore), mode(d.modeAfter))) : [])],
      result: row.result === 'ALLOWED' ? ['allowed', 'ok'] : ['disallowed', 'warn'],
    }),
    'member.role_changed': () => ({
      details: [...detail('member', row.member ? (row.member.email ?? m('values.deletedMember')) : null), ...detail('roleChange', change(role(d.from), role(d.to)))],
      result: ['done', 'ok'],
    }),
    'member.removed': () => ({ details: [...detail('member', row.member ? (row.member.email ?? m('values.deletedMember')) : null), ...detail('role', role(d.role))], result: ['done', 'ok'] }),
    'member.left': () => ({ details: detail('role', role(d.role)), result: ['done', 'neutral'] }),
    'purchases.sync.request': () => ({ details: [], result: ['requested', 'info'] }),
    'purchases.mark.paid': () => markDescribed(),
    'purchases.mark.booked': () => markDescribed(),
    'payment.recorded': () => ({ details: paymentDetails(), result: row.result === 'PAID' ? ['paidInFull', 'ok'] : ['paidPartly', 'info'] }),
    'payment.deleted': () => ({ details: paymentDetails(), result: ['done', 'neutral'] }),
  };
  function paymentDetails(): AuditDetail[] {
    const amount = (v: unknown) => (typeof v === 'string' && /^-?\d+\.\d{2}$/.test(v) ? formatMoney(v, str(d.currency) ?? 'PLN', locale) : null);
    return [...invoice, ...detail('paymentAmount', amount(d.amount)), ...detail('paymentDate', date(d.paidOn)), ...detail('remaining', amount(d.remaining))];
  }
  function markDescribed(): Described {
    const p = row.receivedInvoice;
    return { details: detail('purchase', p ? m('values.purchase', { number: p.number, seller: p.sellerName }) : null), result: row.result === 'OFF' ? ['unmarked', 'neutral'] : ['marked', 'ok'] };
  }

  let title: string;
  let described: Described;
  if (isAuditAction(row.action)) {
    title = t(`auditLog.actions.${row.action}`);
    described = DESCRIBE[row.action]();
  } else {
    // An action this version does not know (an older or newer writer): readable, with its code.
    title = m('unknownAction', { code: row.action });
    described = { details: [...invoice, ...ref('reference'), ...reason], result: { outcome: row.result, generic: true } };
  }

  return {
    id: row.id,
    when: formatDateTime(row.createdAt, locale),
    at: row.createdAt.toISOString(),
    who: whoLabel(m, row.who),
    whoKind: row.who.kind,
    title,
    details: described.details,
    result: Array.isArray(described.result) ? { label: m(`results.${described.result[0]}`), tone: described.result[1] } : genericResult(m, described.result.outcome, described.result.generic ?? false),
  };
}

function whoLabel(m: (key: string, params?: Parameters<Translate>[1]) => string, who: AuditWho): string {
  switch (who.kind) {
    case 'member':
      return who.former ? m('who.formerMember', { email: who.email }) : who.email;
    case 'platformAdmin':
      return who.email ? m('who.platformAdmin', { email: who.email }) : m('who.platformAdminUnnamed');
    case 'system':
      return m('who.system');
    case 'deletedUser':
      return m('who.deletedUser');
  }
}

/** A permission-check outcome in words; for an unknown action „Udane”/„Nieudane” too; any other code named as such. */
function genericResult(m: (key: string, params?: Parameters<Translate>[1]) => string, code: string, generic: boolean): { label: string; tone: AuditTone } {
  if (generic && code === 'OK') return { label: m('results.done'), tone: 'ok' };
  if (Object.hasOwn(OUTCOME_TONES, code)) return { label: m(`outcomes.${code}`), tone: OUTCOME_TONES[code]! };
  if (code === 'FAILED') return { label: m('results.failed'), tone: 'error' };
  return { label: m('unknownResult', { code }), tone: 'neutral' };
}
