import { attachment, withActor } from '@/app/_lib/route-actor';
import { getInvoiceDocument } from '@/lib/server/invoices/get-invoice';
import { getInvoiceDuplicatePdf, getInvoicePdf, getInvoiceUpoPdf } from '@/lib/server/invoices/render-invoice-pdf';
import { notFound } from '@/lib/server/errors';

export const dynamic = 'force-dynamic';

/** Downloads of an invoice: its FA(3) XML (the exact bytes sent), its UPO (XML and as a PDF), its PDF, a duplicate (DUPLIKAT, dated today). */
export async function GET(_req: Request, { params }: { params: Promise<{ id: string; doc: string }> }) {
  const { id, doc } = await params;
  return withActor(async (actor) => {
    if (doc === 'pdf') {
      const { pdf, fileName } = await getInvoicePdf(actor, id);
      return attachment(new Uint8Array(pdf), 'application/pdf', fileName);
    }
    if (doc === 'upo-pdf') {
      const { pdf, fileName } = await getInvoiceUpoPdf(actor, id);
      return attachment(new Uint8Array(pdf), 'application/pdf', fileName);
    }
    if (doc === 'duplicate') {
      const { pdf, fileName } = await getInvoiceDuplicatePdf(actor, id);
      return attachment(new Uint8Array(pdf), 'application/pdf', fileName);
    }
    if (doc !== 'xml' && doc !== 'upo') throw notFound();
    const { body, fileName } = await getInvoiceDocument(actor, id, doc);
    return attachment(body, 'application/xml; charset=utf-8', fileName);
  });
}
