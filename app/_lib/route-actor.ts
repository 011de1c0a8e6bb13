import { currentTenant } from '@/lib/auth/session';
import { sessionClaims } from '@/lib/auth/session-token';
import { getUserWithTenants } from '@/lib/server/tenants/get-user-with-tenants';
import { AppError } from '@/lib/server/errors';
import { logger } from '@/lib/logger';
import type { Actor } from '@/lib/server/access';

/** Route handlers: the actor from the session (401 JSON instead of a redirect). */
export async function routeActor(): Promise<Actor | null> {
  const claims = await sessionClaims();
  if (!claims) return null;
  const user = await getUserWithTenants(claims.userId, claims.sessionVersion);
  const current = user && (await currentTenant(user.tenants));
  return current ? { userId: claims.userId, tenantId: current.id, membershipRole: current.role } : null;
}

/** The one mapping of use-case errors to HTTP: 4xx with a stable code and reason, never a stack. */
export function errorResponse(e: unknown): Response {
  if (e instanceof AppError) return Response.json({ error: e.code, reason: e.messageKey, field: e.field }, { status: e.httpStatus });
  logger.error({ err: e }, 'route failed');
  return Response.json({ error: 'INTERNAL', reason: 'errors.unexpected' }, { status: 500 });
}

export async function withActor(fn: (actor: Actor) => Promise<Response>): Promise<Response> {
  const actor = await routeActor();
  if (!actor) return Response.json({ error: 'UNAUTHENTICATED', reason: 'errors.unauthenticated' }, { status: 401 });
  try {
    return await fn(actor);
  } catch (e) {
    return errorResponse(e);
  }
}

/** A download: never cached, the file name escaped for the header. */
export function attachment(body: string | Uint8Array<ArrayBuffer>, type: string, fileName: string): Response {
  return new Response(body, {
    headers: { 'Content-Type': type, 'Content-Disposition': `attachment; filename="${encodeURIComponent(fileName)}"`, 'Cache-Control': 'private, no-store' },
  });
}
