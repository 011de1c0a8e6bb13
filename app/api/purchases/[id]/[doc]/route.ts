import { attachment, withActor } from '@/app/_lib/route-actor';
import { getPurchasePdf, getPurchaseXml } from '@/lib/server/purchases/purchase-document';
import { notFound } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

/** Downloads of a received invoice: the original XML bytes from KSeF, and its PDF visualisation. */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; doc: string }> }) {
  const { id, doc } = await params;
  return withActor(async (actor) => {
    if (doc === 'pdf') {
      const { pdf, fileName } = await getPurchasePdf(actor, id);
      return attachment(new Uint8Array(pdf), 'application/pdf', fileName);
    }
    if (doc !== 'xml') throw notFound();
    const { body, fileName } = await getPurchaseXml(actor, id);
    // The bytes exactly as stored: no charset re-encoding, no transformation.
    return attachment(body as Uint8Array<ArrayBuffer>, 'application/xml', fileName);
  });
}
