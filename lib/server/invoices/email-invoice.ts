import 'server-only';
import { z } from 'zod';
import { rawDb } from '@/lib/db/client';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';
import { enqueueInvoiceEmail } from '@/lib/jobs/queue';
import { translator, type Locale } from '@/lib/i18n';
import { formatAmount, formatDate } from '@/lib/i18n/format';
import { logger } from '@/lib/logger';
import { MailDeliveryError, sendMail } from '@/lib/mail/send-mail';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { emailSchema, uuidSchema } from '../validation';
import { readInvoiceModel } from './stored-model';
import { renderIssuedInvoicePdf } from './render-invoice-pdf';

const MESSAGE_MAX = 5000;
const emailInvoiceInput = z.object({
  to: emailSchema,
  subject: z.string().trim().min(1, 'validation.required').max(200, 'validation.maxLength.200'),
  body: z.string().trim().min(1, 'validation.required').max(MESSAGE_MAX, 'validation.tooLong'),
});

async function findInvoice(db: TenantDb, invoiceId: string) {
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) throw notFound();
  const inv = await db.invoice.findFirst({
    where: { id: id.data },
    select: { id: true, number: true, xml: true, ksefNumber: true, totalGross: true, currency: true, buyerContractorId: true, model: true },
  });
  if (!inv) throw notFound();
  return inv;
}

/**
 * What the „Wyślij e-mailem” form starts with: the buyer's e-mail from the contractor, and the
 * message in Polish (the buyer's language is not known) naming the invoice, amount and due date.
 */
export async function invoiceEmailDraft(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const inv = await findInvoice(db, invoiceId);
  const [contractor, tenant] = await Promise.all([
    inv.buyerContractorId ? db.contractor.findFirst({ where: { id: inv.buyerContractorId }, select: { email: true } }) : null,
    rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId }, select: { name: true } }),
  ]);
  const locale: Locale = 'pl';
  const t = translator(locale);
  const dueDate = readInvoiceModel(inv.model, inv.id).form?.dueDate;
  const params = { number: inv.number ?? '', company: tenant.name, amount: `${formatAmount(inv.totalGross.toFixed(2), locale)} ${inv.currency}`, ksefNumber: inv.ksefNumber ?? '' };
  const parts = [
    t('emails.invoice.greeting'),
    t('emails.invoice.body', params),
    dueDate ? t('emails.invoice.due', { date: formatDate(dueDate, locale) }) : null,
    inv.ksefNumber ? t('emails.invoice.ksef', params) : null,
    t('emails.invoice.closing', params),
  ].filter(Boolean);
  return { to: contractor?.email ?? '', subject: t('emails.invoice.subject', params), body: parts.join('\n\n') };
}

/**
 * Queues the issued invoice for e-mail: the PDF (with KOD I once KSeF accepted it) and the exact
 * FA(3) XML attached when the job runs. The record and its job are one transaction; delivery
 * retries with backoff while the mail server says „later”, and the page shows how it went.
 */
export async function emailInvoice(actor: Actor, invoiceId: string, input: unknown) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const inv = await findInvoice(db, invoiceId);
  if (!inv.xml) throw new AppError({ code: 'CONFLICT', messageKey: 'invoiceEmail.notIssued' });
  const data = emailInvoiceInput.parse(input);
  const email = await db.$transaction(async (tx) => {
    const row = await tx.invoiceEmail.create({
      data: { tenantId: actor.tenantId, invoiceId: inv.id, to: data.to, subject: data.subject, body: data.body, createdById: actor.userId },
      select: { id: true },
    });
    await enqueueInvoiceEmail(tx, actor.tenantId, row.id);
    return row;
  });
  await recordAudit(actor, { action: 'invoice.emailed', result: 'QUEUED', details: { invoiceId: inv.id, number: inv.number, to: data.to } });
  return email;
}

export async function listInvoiceEmails(actor: Actor, invoiceId: string) {
  const { db } = await requireRole(actor, 'VIEWER');
  const id = uuidSchema.safeParse(invoiceId);
  if (!id.success) return [];
  return db.invoiceEmail.findMany({
    where: { invoiceId: id.data },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: { id: true, to: true, status: true, attempts: true, lastError: true, sentAt: true, createdAt: true },
  });
}

/**
 * The job: sends one queued invoice e-mail. A permanent refusal (5xx) marks it FAILED at once; a
 * temporary one is recorded and thrown, so the queue tries again later; the last attempt's failure
 * is FAILED. Sent once: a row already SENT is not sent again (a job re-run after a crash).
 */
export async function deliverInvoiceEmail(tenantId: string, emailId: string, attempt: { number: number; isLast: boolean }) {
  const db = tenantDb(tenantId);
  const email = await db.invoiceEmail.findFirst({ where: { id: emailId }, select: { id: true, invoiceId: true, to: true, subject: true, body: true, status: true } });
  if (!email || email.status !== 'QUEUED') return;
  const { pdf, xml, fileBase } = await renderIssuedInvoicePdf(tenantId, email.invoiceId);
  try {
    const { messageId } = await sendMail({
      to: email.to,
      subject: email.subject,
      text: email.body,
      reference: email.id,
      attachments: [
        { filename: `${fileBase}.pdf`, content: pdf, contentType: 'application/pdf' },
        { filename: `${fileBase}.xml`, content: Buffer.from(xml, 'utf8'), contentType: 'application/xml' },
      ],
    });
    await db.invoiceEmail.update({ where: { id: email.id }, data: { status: 'SENT', sentAt: new Date(), messageId, attempts: attempt.number, lastError: null } });
    await recordAudit({ tenantId }, { action: 'invoice.emailed', result: 'SENT', details: { invoiceId: email.invoiceId, to: email.to } });
  } catch (e) {
    const permanent = e instanceof MailDeliveryError && e.permanent;
    const message = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    const failed = permanent || attempt.isLast;
    await db.invoiceEmail.update({ where: { id: email.id }, data: { attempts: attempt.number, lastError: message, ...(failed ? { status: 'FAILED' } : {}) } });
    if (failed) {
      logger.warn({ tenantId, emailId, permanent }, 'invoice e-mail failed');
      await recordAudit({ tenantId }, { action: 'invoice.emailed', result: 'FAILED', details: { invoiceId: email.invoiceId, to: email.to, error: message } });
      return;
    }
    throw e; // the queue retries with backoff
  }
}
