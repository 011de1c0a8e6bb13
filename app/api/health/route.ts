import { rawDb } from '@/lib/db/client';

export const dynamic = 'force-dynamic';

/** Liveness + database reachability, for load balancers and the dev runner. */
export async function GET() {
  try {
    await rawDb().$queryRaw`SELECT 1`;
    return Response.json({ status: 'ok' });
  } catch {
    return Response.json({ status: 'database-unavailable' }, { status: 503 });
  }
}
