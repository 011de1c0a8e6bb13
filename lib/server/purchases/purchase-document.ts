import 'server-only';
import { kodIUrl } from '@/lib/ksef/qr';
import { renderInvoicePdf } from '@/lib/pdf/invoice-pdf';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { ksefClient } from '../ksef/gateway';
import { uuidSchema } from '../validation';
import { getPurchase } from './get-purchase';
import { renderOnce } from '../pdf-renders';

const fileBase = (n: string) => n.replace(/[^\p{L}\p{N}._-]+/gu, '_');

/** The original FA(3) bytes exactly as KSeF returned them (their SHA-256 is KSeF's invoiceHash). */
export async function getPurchaseXml(actor: Actor, id: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const parsed = uuidSchema.safeParse(id);
  if (!parsed.success) throw notFound();
  const r = await db.receivedInvoice.findFirst({ where: { id: parsed.data }, select: { xml: true, ksefNumber: true } });
  if (!r) throw notFound();
  return { body: new Uint8Array(r.xml), fileName: `${r.ksefNumber}.xml` };
}

/** The same visualisation as our own invoices, with KOD I built from the seller, issue date and the bytes' hash (kody-qr.md). */
export async function getPurchasePdf(actor: Actor, id: string) {
  // Explicit here too (tests/unit/server/use-cases-check-access.test.ts), though getPurchase checks it again.
  await requireRole(actor, 'VIEWER');
  const p = await getPurchase(actor, id);
  if (!p.invoice) throw new AppError({ code: 'CONFLICT', messageKey: 'purchases.errors.unparsable' });
  const verificationUrl = kodIUrl({ environment: { qrBaseUrl: ksefClient().environment.qrBaseUrl }, sellerNip: p.sellerNip, issueDate: p.invoice.issueDate, invoiceHash: p.xmlSha256 });
  const invoice = p.invoice;
  const pdf = await renderOnce(`purchase:${actor.tenantId}:${p.id}:${p.xmlSha256}`, () => renderInvoicePdf({ invoice, ksefNumber: p.ksefNumber, verificationUrl }));
  return { pdf, fileName: `${fileBase(p.invoiceNumber)}.pdf` };
}
