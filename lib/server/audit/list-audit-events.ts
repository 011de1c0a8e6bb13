import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { requireRole, type Actor } from '../access';
import { AUDIT_CATEGORIES, AUDIT_CATEGORY_NAMES, isPlatformAdminAction } from './actions';

export const auditQuery = z.object({
  /** A group of actions (actions.ts AUDIT_CATEGORIES): what the page's filter offers. */
  category: z.enum(AUDIT_CATEGORY_NAMES).optional().catch(undefined),
  /** An action prefix (`ksef.permissions`), for links and tests. */
  action: z.string().trim().max(100).optional().catch(undefined),
  result: z.string().trim().max(50).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type AuditQuery = z.infer<typeof auditQuery>;

/**
 * Who did it, as the log shows it. A platform admin is not a member of the company, so the actor is
 * looked up among users, not memberships: „użytkownik usunięty” only when the user no longer exists.
 */
export type AuditWho = { kind: 'member'; email: string; former: boolean } | { kind: 'platformAdmin'; email: string | null } | { kind: 'system' } | { kind: 'deletedUser' };

export interface AuditLogRow {
  id: string;
  createdAt: Date;
  action: string;
  result: string;
  ksefReference: string | null;
  details: Record<string, unknown>;
  who: AuditWho;
  /** The sales invoice the event is about, with its number (stored with the event, or looked up for older events). */
  invoice: { id: string; number: string | null } | null;
  /** The purchase invoice a mark is about. */
  receivedInvoice: { id: string; number: string; sellerName: string } | null;
  /** The member a role change or removal is about; email null = that user no longer exists. */
  member: { email: string | null } | null;
}

const PAGE_SIZE = 50;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const idIn = (details: Record<string, unknown>, key: string): string | null => {
  const v = details[key];
  return typeof v === 'string' && UUID.test(v) ? v : null;
};

/** Midnight in Poland of a calendar day (`2026-03-29` → 2026-03-28T23:00:00Z), as the dates on the page are Warsaw dates. */
export function warsawMidnight(day: string): Date {
  const utc = new Date(`${day}T00:00:00Z`);
  // Offset of Warsaw at 00:00 UTC that day: the clocks change at 02:00/03:00 local, after midnight.
  const name = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', timeZoneName: 'longOffset' }).formatToParts(utc).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offsetMs = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
  return new Date(utc.getTime() - offsetMs);
}

function whereOf(q: AuditQuery) {
  const and: object[] = [];
  if (q.category) {
    const c: { actions: readonly string[]; also?: readonly { action: string; result: string }[] } = AUDIT_CATEGORIES[q.category];
    and.push({ OR: [{ action: { in: [...c.actions] } }, ...(c.also ?? []).map((a) => ({ action: a.action, result: a.result }))] });
  }
  if (q.action) and.push({ action: { startsWith: q.action } });
  if (q.result) and.push({ result: q.result });
  if (q.from || q.to) {
    const next = (day: string) => new Date(new Date(`${day}T00:00:00Z`).getTime() + 86_400_000).toISOString().slice(0, 10);
    and.push({ createdAt: { ...(q.from ? { gte: warsawMidnight(q.from) } : {}), ...(q.to ? { lt: warsawMidnight(next(q.to)) } : {}) } });
  }
  return and.length ? { AND: and } : {};
}

/** The tenant's audit log, newest first; owners only (it shows who did what). Only this tenant's events (tenantDb). */
export async function listAuditEvents(actor: Actor, raw: unknown) {
  const { db } = await requireRole(actor, 'OWNER');
  const q = auditQuery.parse(raw ?? {});
  const where = whereOf(q);
  const [rows, total] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * PAGE_SIZE, take: PAGE_SIZE }),
    db.auditEvent.count({ where }),
  ]);
  const detailsOf = (d: unknown): Record<string, unknown> => (d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : {});
  const events = rows.map((r) => ({ ...r, details: detailsOf(r.details) }));

  // People: the actors, and the members that role changes and removals are about. Users are a
  // platform table; only ids that this tenant's own events name are read.
  const memberSubject = (e: (typeof events)[number]) => (e.action === 'member.role_changed' || e.action === 'member.removed' ? idIn(e.details, 'userId') : null);
  const userIds = [...new Set(events.flatMap((e) => [e.actorUserId, memberSubject(e)]).filter((id): id is string => Boolean(id)))];
  const invoiceIds = [...new Set(events.map((e) => (typeof e.details.number === 'string' ? null : idIn(e.details, 'invoiceId'))).filter((id): id is string => Boolean(id)))];
  const receivedIds = [...new Set(events.map((e) => idIn(e.details, 'receivedInvoiceId')).filter((id): id is string => Boolean(id)))];
  const [users, members, invoices, received] = await Promise.all([
    userIds.length ? rawDb().user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, isPlatformAdmin: true } }) : [],
    userIds.length ? db.membership.findMany({ where: { userId: { in: userIds } }, select: { userId: true } }) : [],
    invoiceIds.length ? db.invoice.findMany({ where: { id: { in: invoiceIds } }, select: { id: true, number: true } }) : [],
    receivedIds.length ? db.receivedInvoice.findMany({ where: { id: { in: receivedIds } }, select: { id: true, invoiceNumber: true, sellerName: true } }) : [],
  ]);
  const userById = new Map(users.map((u) => [u.id, u]));
  const memberIds = new Set(members.map((m) => m.userId));
  const numberById = new Map(invoices.map((i) => [i.id, i.number]));
  const receivedById = new Map(received.map((r) => [r.id, r]));

  const whoOf = (e: (typeof events)[number]): AuditWho => {
    const byAdmin = isPlatformAdminAction(e.action, e.result);
    if (!e.actorUserId) return byAdmin ? { kind: 'platformAdmin', email: null } : { kind: 'system' };
    const user = userById.get(e.actorUserId);
    if (!user) return { kind: 'deletedUser' };
    if (byAdmin || (user.isPlatformAdmin && !memberIds.has(user.id))) return { kind: 'platformAdmin', email: user.email };
    return { kind: 'member', email: user.email, former: !memberIds.has(user.id) };
  };

  return {
    query: q,
    total,
    pageSize: PAGE_SIZE,
    rows: events.map((e): AuditLogRow => {
      const invoiceId = idIn(e.details, 'invoiceId');
      const receivedId = idIn(e.details, 'receivedInvoiceId');
      const subject = memberSubject(e);
      const r = receivedId ? receivedById.get(receivedId) : undefined;
      return {
        id: e.id,
        createdAt: e.createdAt,
        action: e.action,
        result: e.result,
        ksefReference: e.ksefReference,
        details: e.details,
        who: whoOf(e),
        invoice: invoiceId ? { id: invoiceId, number: typeof e.details.number === 'string' ? e.details.number : (numberById.get(invoiceId) ?? null) } : null,
        receivedInvoice: r ? { id: r.id, number: r.invoiceNumber, sellerName: r.sellerName } : null,
        member: subject ? { email: userById.get(subject)?.email ?? null } : null,
      };
    }),
  };
}
