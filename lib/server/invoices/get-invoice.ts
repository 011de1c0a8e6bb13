import 'server-only';
import { requireRole, type Actor } from '../access';
import { notFound } from '../errors';
import { uuidSchema } from '../validation';
import { readInvoiceModel } from './stored-model';
import { statusReasonMessage } from '@/lib/invoices/status-reason';

/** One invoice with what its page shows: form data, the FA(3) model once issued, and its timeline. */
export async function getInvoice(actor: Actor, invoiceId: string) {
  const { db, role } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const invoice = await db.invoice.findFirst({
    where: { id: id.data },
    include: { correctedInvoice: { select: { id: true, number: true, ksefNumber: true } }, corrections: { select: { id: true, number: true, status: true } } },
  });
  if (!invoice) throw notFound();
  const events = await db.auditEvent.findMany({
    where: { details: { path: ['invoiceId'], equals: invoice.id } },
    orderBy: { createdAt: 'asc' },
    select: { action: true, result: true, createdAt: true, ksefReference: true, details: true },
  });
  const submission = await db.ksefSubmission.findFirst({
    where: { invoiceId: invoice.id },
    orderBy: { createdAt: 'desc' },
    select: { status: true, referenceNumber: true, errorCode: true, errorMessage: true, upoXml: true, upoAttempts: true, upoGaveUpAt: true, updatedAt: true },
  });
  const model = readInvoiceModel(invoice.model, invoice.id);
  return {
    id: invoice.id,
    number: invoice.number,
    kind: invoice.kind,
    status: invoice.status,
    /** Why it waits or was rejected, to render in the reader's language (legacy text as it is). */
    statusReason: statusReasonMessage(invoice.statusReason, invoice.statusParams),
    issueDate: invoice.issueDate.toISOString().slice(0, 10),
    currency: invoice.currency,
    buyerName: invoice.buyerName,
    buyerNip: invoice.buyerNip,
    totalNet: invoice.totalNet.toFixed(2),
    totalVat: invoice.totalVat.toFixed(2),
    totalGross: invoice.totalGross.toFixed(2),
    ksefNumber: invoice.ksefNumber,
    ksefAcquisitionDate: invoice.ksefAcquisitionDate,
    xmlSha256: invoice.xmlSha256,
    hasXml: invoice.xml !== null,
    hasUpo: Boolean(submission?.upoXml),
    /** Accepted but KSeF has not given the UPO: still polled (WAITING) or polling stopped (MISSING). */
    upoState: submission?.status === 'ACCEPTED' && !submission.upoXml ? (submission.upoGaveUpAt ? ('MISSING' as const) : ('WAITING' as const)) : null,
    upoAttempts: submission?.upoAttempts ?? 0,
    form: model.form,
    fa3: model.fa3,
    correctedInvoice: invoice.correctedInvoice,
    corrections: invoice.corrections,
    submission: submission ? { status: submission.status, referenceNumber: submission.referenceNumber, errorCode: submission.errorCode, errorMessage: submission.errorMessage } : null,
    events,
    canEdit: role !== 'VIEWER',
    updatedAt: invoice.updatedAt,
  };
}

/** The stored documents of an invoice, for downloads. */
export async function getInvoiceDocument(actor: Actor, invoiceId: string, kind: 'xml' | 'upo') {
  const { db } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const invoice = await db.invoice.findFirst({ where: { id: id.data }, select: { number: true, xml: true, ksefNumber: true } });
  if (!invoice) throw notFound();
  if (kind === 'xml') {
    if (!invoice.xml) throw notFound();
    return { body: invoice.xml, fileName: `${(invoice.number ?? 'faktura').replaceAll('/', '_')}.xml` };
  }
  const sub = await db.ksefSubmission.findFirst({ where: { invoiceId: id.data, upoXml: { not: null } }, orderBy: { createdAt: 'desc' }, select: { upoXml: true } });
  if (!sub?.upoXml) throw notFound();
  return { body: sub.upoXml, fileName: `UPO_${invoice.ksefNumber ?? invoice.number ?? 'faktura'}.xml` };
}

/** The small, frequently polled part of an invoice. */
export async function getInvoiceStatus(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const inv = await db.invoice.findFirst({ where: { id: id.data }, select: { status: true, statusReason: true, statusParams: true, ksefNumber: true, ksefAcquisitionDate: true, updatedAt: true } });
  if (!inv) throw notFound();
  return { ...inv, ksefAcquisitionDate: inv.ksefAcquisitionDate?.toISOString() ?? null, updatedAt: inv.updatedAt.toISOString() };
}
