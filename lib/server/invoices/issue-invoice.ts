import 'server-only';
import crypto from 'node:crypto';
import { Fa3InvoiceError, issueFa3 } from '@/lib/fa3';
import type { Prisma } from '@/lib/db/client';
import { completeInvoice } from '@/lib/fa3/totals';
import { requireRole, type Actor } from '../access';
import { AppError, notFound } from '../errors';
import { recordAudit } from '../audit/record-audit';
import { invoiceFormInput } from '@/lib/invoices/form';
import { loadIssueContext } from './issue-context';
import { allocateNumber } from './numbering';
import { issuesToFieldErrors, summarizeTotals, toFa3Draft } from './to-fa3';

/**
 * Draft → issued invoice: number from the tenant's series, FA(3) built and checked (business rules +
 * official XSD), the exact XML bytes and their SHA-256 stored. All in one transaction: an invoice
 * that fails validation keeps its draft status and gives its number back (numbering stays gap-free).
 */
export async function issueInvoice(actor: Actor, invoiceId: string, opts: { today?: string } = {}) {
  const { db } = await requireRole(actor, 'ACCOUNTANT');
  const draft = await db.invoice.findFirst({ where: { id: invoiceId } });
  if (!draft) throw notFound();
  if (draft.status !== 'DRAFT') throw new AppError({ code: 'CONFLICT', messageKey: 'errors.invoiceNotDraft' });
  const data = invoiceFormInput.parse((draft.model as { form?: unknown }).form);
  const ctx = await loadIssueContext(db, actor.tenantId, data);
  if (!ctx.seller.addressLine1) throw new AppError({ code: 'VALIDATION', messageKey: 'errors.sellerAddressMissing' });

  const issued = await db.$transaction(async (tx) => {
    // The kind's own default series (KOR/… for corrections), else the company's VAT one.
    const series = (await tx.invoiceSeries.findFirst({ where: { isDefault: true, kind: data.kind } })) ?? (await tx.invoiceSeries.findFirst({ where: { isDefault: true, kind: 'VAT' } }));
    if (!series) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.noSeries' });
    const number = await allocateNumber(tx, series, data.issueDate);
    const draftFa3 = toFa3Draft(data, { ...ctx, number, createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') });
    let result: ReturnType<typeof issueFa3>;
    try {
      result = issueFa3(completeInvoice(draftFa3), { today: opts.today, priceMode: draftFa3.priceMode });
    } catch (e) {
      if (e instanceof Fa3InvoiceError) {
        throw new AppError({ code: 'VALIDATION', messageKey: 'errors.invoiceInvalid', fieldErrors: issuesToFieldErrors(e.issues, ctx.corrected?.lines.length ?? 0) });
      }
      throw e;
    }
    const { invoice, xml } = result;
    const xmlSha256 = crypto.createHash('sha256').update(xml, 'utf8').digest('base64');
    // Compare-and-set on DRAFT: a concurrent second issue of the same draft waits on the row lock,
    // then matches nothing and rolls back with its number.
    const updated = await tx.invoice.updateMany({
      where: { id: invoiceId, status: 'DRAFT' },
      data: {
        number,
        seriesId: series.id,
        status: 'ISSUED',
        issuedAt: new Date(),
        xml,
        xmlSha256,
        model: { form: data, fa3: invoice } as unknown as Prisma.InputJsonValue,
        ...summarizeTotals(invoice.totals),
      },
    });
    if (updated.count !== 1) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.invoiceNotDraft' });
    await tx.invoiceLine.deleteMany({ where: { invoiceId } });
    await tx.invoiceLine.createMany({
      data: invoice.lines.map((l, i) => ({
        tenantId: actor.tenantId,
        invoiceId,
        position: i + 1,
        name: l.name ?? '',
        quantity: l.before ? `-${l.quantity ?? '1'}`.replace('--', '') : (l.quantity ?? '1'),
        unit: l.unit ?? '',
        unitPrice: l.unitNetPrice ?? l.unitGrossPrice ?? '0',
        vatRate: l.vatRate ?? '',
        net: l.net ?? '0',
        vat: l.vat ?? '0',
        gross: l.gross ?? '0',
      })),
    });
    return { id: invoiceId, number, warnings: result.warnings.map((w) => w.message) };
  });
  await recordAudit(actor, { action: 'invoice.issued', result: 'OK', details: { invoiceId, number: issued.number } });
  return issued;
}
