import { withActor } from '@/app/_lib/route-actor';
import { getPurchaseSyncStatus } from '@/lib/server/purchases/request-sync';

export const dynamic = 'force-dynamic';

/** Polled by the purchases page while a sync is queued or running. */
export async function GET() {
  return withActor(async (actor) => Response.json(await getPurchaseSyncStatus(actor), { headers: { 'Cache-Control': 'no-store' } }));
}
