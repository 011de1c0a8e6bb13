import 'server-only';
import crypto from 'node:crypto';
import { kodIUrl } from '@/lib/ksef/qr';
import { parseFa3 } from '@/lib/fa3/parse';
import { renderInvoicePdf } from '@/lib/pdf/invoice-pdf';
import { renderUpoPdf } from '@/lib/pdf/upo-pdf';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { ksefClient } from '../ksef/gateway';
import { renderOnce } from '../pdf-renders';
import { readInvoiceModel } from './stored-model';
import { getInvoiceDocument } from './get-invoice';
import { recordAudit } from '../audit/record-audit';
import { todayInPoland } from '@/lib/fa3/rules';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';

/** An issued invoice of this tenant with what its PDF shows; drafts have no XML, hence no PDF. */
async function loadIssuedInvoice(db: TenantDb, invoiceId: string) {
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const inv = await db.invoice.findFirst({ where: { id: id.data }, select: { id: true, number: true, xml: true, xmlSha256: true, ksefNumber: true, model: true } });
  if (!inv?.xml || !inv.xmlSha256) throw notFound();
  const invoice = readInvoiceModel(inv.model, inv.id).fa3 ?? parseFa3(inv.xml);
  const verificationUrl = inv.ksefNumber
    ? kodIUrl({ environment: { qrBaseUrl: ksefClient().environment.qrBaseUrl }, sellerNip: invoice.seller.nip, issueDate: invoice.issueDate, invoiceHash: inv.xmlSha256 })
    : null;
  return { ...inv, xml: inv.xml, xmlSha256: inv.xmlSha256, invoice, verificationUrl, fileBase: (inv.number ?? 'faktura').replaceAll('/', '_') };
}

/** The PDF and what goes with it; the same bytes for the download and the e-mail to the buyer. */
async function issuedInvoicePdf(db: TenantDb, tenantId: string, invoiceId: string) {
  const inv = await loadIssuedInvoice(db, invoiceId);
  // The XML hash and the KSeF number are all that can change what is printed.
  const pdf = await renderOnce(`invoice:${tenantId}:${inv.id}:${inv.xmlSha256}:${inv.ksefNumber ?? ''}`, () =>
    renderInvoicePdf({ invoice: inv.invoice, ksefNumber: inv.ksefNumber, verificationUrl: inv.verificationUrl }),
  );
  return { pdf, xml: inv.xml, fileBase: inv.fileBase };
}

/**
 * The invoice's PDF visualisation: its FA(3) content and, once KSeF accepted it, the KOD I QR code
 * (kody-qr.md) whose hash is that of the exact bytes sent, captioned with the KSeF number.
 */
export async function getInvoicePdf(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const { pdf, fileBase } = await issuedInvoicePdf(db, actor.tenantId, invoiceId);
  return { pdf, fileName: `${fileBase}.pdf` };
}

/** The invoice's PDF for a background job (an e-mail to the buyer), in the job's tenant. */
export const renderIssuedInvoicePdf = (tenantId: string, invoiceId: string) => issuedInvoicePdf(tenantDb(tenantId), tenantId, invoiceId);

/**
 * A duplicate (art. 106l ustawy o VAT), issued by the seller when the buyer lost the invoice: the
 * same content marked DUPLIKAT with today's date (Polish time). Issuing one is an act of the company,
 * so it takes an accountant and is written to the audit log with its date.
 */
export async function getInvoiceDuplicatePdf(actor: Actor, invoiceId: string, now: Date = new Date()) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const inv = await loadIssuedInvoice(db, invoiceId);
  const issuedOn = todayInPoland(now);
  const pdf = await renderOnce(`duplicate:${actor.tenantId}:${inv.id}:${inv.xmlSha256}:${inv.ksefNumber ?? ''}:${issuedOn}`, () =>
    renderInvoicePdf({ invoice: inv.invoice, ksefNumber: inv.ksefNumber, verificationUrl: inv.verificationUrl, duplicateIssuedOn: issuedOn }),
  );
  await recordAudit(actor, { action: 'invoice.duplicate', result: 'OK', details: { invoiceId: inv.id, number: inv.number, issuedOn } });
  return { pdf, fileName: `${inv.fileBase}_DUPLIKAT_${issuedOn}.pdf` };
}

/** The invoice's UPO as a readable PDF (its XML, signed by the Ministry, stays the evidence). */
export async function getInvoiceUpoPdf(actor: Actor, invoiceId: string) {
  await requireRole(actor, 'VIEWER');
  const { body, fileName } = await getInvoiceDocument(actor, invoiceId, 'upo');
  const xml = Buffer.from(body);
  const hash = crypto.createHash('sha256').update(xml).digest('base64url');
  const pdf = await renderOnce(`upo:${actor.tenantId}:${hash}`, () => renderUpoPdf(xml));
  return { pdf, fileName: fileName.replace(/\.xml$/, '.pdf') };
}
