import { withActor } from '@/app/_lib/route-actor';
import { getInvoiceDocument } from '@/lib/server/invoices/get-invoice';

export const dynamic = 'force-dynamic';

export async function GET(_req: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return withActor(async (actor) => {
    const doc = await getInvoiceDocument(actor, id, 'xml');
    return new Response(doc.body, {
      headers: {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="${encodeURIComponent(doc.fileName)}"`,
        'Cache-Control': 'private, no-store',
      },
    });
  });
}
