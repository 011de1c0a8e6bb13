import 'server-only';
import { z } from 'zod';
import { requireRole, type Actor } from '../access';

export const auditQuery = z.object({
  action: z.string().trim().max(100).optional().catch(undefined),
  result: z.string().trim().max(50).optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});

/** The tenant's audit log, newest first; owners only (it shows who did what). */
export async function listAuditEvents(actor: Actor, raw: unknown) {
  const { db } = await requireRole(actor, 'OWNER');
  const q = auditQuery.parse(raw ?? {});
  const pageSize = 50;
  const where = {
    ...(q.action ? { action: { startsWith: q.action } } : {}),
    ...(q.result ? { result: q.result } : {}),
    ...(q.from || q.to ? { createdAt: { ...(q.from ? { gte: new Date(`${q.from}T00:00:00Z`) } : {}), ...(q.to ? { lt: new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000) } : {}) } } : {}),
  };
  const [rows, total, actors] = await Promise.all([
    db.auditEvent.findMany({ where, orderBy: { createdAt: 'desc' }, skip: (q.page - 1) * pageSize, take: pageSize }),
    db.auditEvent.count({ where }),
    db.membership.findMany({ select: { userId: true, user: { select: { email: true } } } }),
  ]);
  const emailOf = new Map(actors.map((a) => [a.userId, a.user.email]));
  return {
    query: q,
    total,
    pageSize,
    rows: rows.map((r) => ({ id: r.id, createdAt: r.createdAt, action: r.action, result: r.result, ksefReference: r.ksefReference, details: r.details, actor: r.actorUserId ? (emailOf.get(r.actorUserId) ?? 'użytkownik usunięty') : null })),
  };
}
