import 'server-only';
import { kodIUrl } from '@/lib/ksef/qr';
import { parseFa3 } from '@/lib/fa3/parse';
import { renderInvoicePdf } from '@/lib/pdf/invoice-pdf';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { ksefClient } from '../ksef/gateway';
import { renderOnce } from '../pdf-renders';
import { readInvoiceModel } from './stored-model';

/**
 * The invoice's PDF visualisation: its FA(3) content and, once KSeF accepted it, the KOD I QR code
 * (kody-qr.md) whose hash is that of the exact bytes sent, captioned with the KSeF number.
 */
export async function getInvoicePdf(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const inv = await db.invoice.findFirst({ where: { id: id.data }, select: { id: true, number: true, xml: true, xmlSha256: true, ksefNumber: true, model: true } });
  if (!inv?.xml || !inv.xmlSha256) throw notFound();
  const invoice = readInvoiceModel(inv.model, inv.id).fa3 ?? parseFa3(inv.xml);
  const verificationUrl = inv.ksefNumber
    ? kodIUrl({ environment: { qrBaseUrl: ksefClient().environment.qrBaseUrl }, sellerNip: invoice.seller.nip, issueDate: invoice.issueDate, invoiceHash: inv.xmlSha256 })
    : null;
  // The XML hash and the KSeF number are all that can change what is printed.
  const pdf = await renderOnce(`invoice:${actor.tenantId}:${id.data}:${inv.xmlSha256}:${inv.ksefNumber ?? ''}`, () => renderInvoicePdf({ invoice, ksefNumber: inv.ksefNumber, verificationUrl }));
  return { pdf, fileName: `${(inv.number ?? 'faktura').replaceAll('/', '_')}.pdf` };
}
