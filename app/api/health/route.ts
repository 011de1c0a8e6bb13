import { databaseReachable } from '@/lib/server/health';

export const dynamic = 'force-dynamic';

/** Liveness + database reachability, for load balancers and the dev runner. */
export async function GET() {
  if (await databaseReachable()) return Response.json({ status: 'ok' });
  return Response.json({ status: 'database-unavailable' }, { status: 503 });
}
