import { withActor } from '@/app/_lib/route-actor';
import { getInvoiceStatus } from '@/lib/server/invoices/get-invoice';

export const dynamic = 'force-dynamic';

/** Polled by the invoice page for live status updates. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(async (actor) => Response.json(await getInvoiceStatus(actor, id), { headers: { 'Cache-Control': 'no-store' } }));
}
