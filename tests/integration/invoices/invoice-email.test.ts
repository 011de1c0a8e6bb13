/**
 * An invoice e-mailed to its buyer through a real SMTP server by the real worker: PDF and the exact
 * XML attached, retried while the server says „later”, failed for good on a refusal, and only by
 * the company's accountants, only for its own issued invoices.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Runner } from 'graphile-worker';
import { rawDb } from '@/lib/db/client';
import { emailInvoice, invoiceEmailDraft, listInvoiceEmails } from '@/lib/server/invoices/email-invoice';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { startWorker } from '@/lib/worker/worker';
import { extractPdfText } from '@/tests/support/pdf-text';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';
import { addMember } from '../../support/factories';
import { startTestSmtp } from '../../support/smtp';

let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
let worker: Runner;
beforeAll(async () => {
  smtp = await startTestSmtp();
  worker = await startWorker({ connectionString: process.env.DATABASE_URL!, concurrency: 2 });
});
afterAll(async () => {
  await worker?.stop();
  await smtp?.close();
});

async function issued() {
  const t = await createIssuingTenant('Wysyłająca Sp. z o.o.');
  await rawDb().contractor.update({ where: { id: t.buyerId }, data: { email: 'ksiegowosc@nabywca.example.com' } });
  const id = await issueNewInvoice(t.actor, t.buyerId);
  const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
  return { ...t, id, number: inv.number!, xml: inv.xml! };
}

async function settled(actor: Parameters<typeof listInvoiceEmails>[0], invoiceId: string, timeoutMs = 20_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const [latest] = await listInvoiceEmails(actor, invoiceId);
    if (latest && latest.status !== 'QUEUED') return latest;
    if (Date.now() > until) throw new Error(`still queued: ${JSON.stringify(latest)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
const mailTo = async (to: string) => (await smtp.received()).filter((m) => (Array.isArray(m.to) ? m.to : [m.to]).some((a) => a?.text === to));

describe('e-mailing an invoice', () => {
  it('prefills the buyer and a Polish message; sends the PDF and the exact FA(3) XML; logs it', async () => {
    const a = await issued();
    const draft = await invoiceEmailDraft(a.actor, a.id);
    expect(draft.to).toBe('ksiegowosc@nabywca.example.com');
    expect(draft.subject).toBe(`Faktura ${a.number} od Wysyłająca Sp. z o.o.`);
    expect(draft.body).toMatch(/na kwotę [\d\s\u00a0]+,\d{2} PLN/);
    await emailInvoice(a.actor, a.id, { ...draft, to: 'odbiorca@nabywca.example.com' });
    expect(await settled(a.actor, a.id)).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
    const [mail] = await mailTo('odbiorca@nabywca.example.com');
    expect(mail!.subject).toBe(draft.subject);
    const files = Object.fromEntries(mail!.attachments.map((f) => [f.filename, f]));
    const base = a.number.replaceAll('/', '_');
    expect(Object.keys(files).sort()).toEqual([`${base}.pdf`, `${base}.xml`]);
    expect(files[`${base}.xml`]!.content.toString('utf8')).toBe(a.xml); // the bytes that were (or will be) sent to KSeF
    expect(await extractPdfText(files[`${base}.pdf`]!.content)).toContain(a.number);
    const logged = await rawDb().auditEvent.findMany({ where: { tenantId: a.actor.tenantId, action: 'invoice.emailed' }, orderBy: { createdAt: 'asc' } });
    expect(logged.map((e) => e.result)).toEqual(['QUEUED', 'SENT']);
  });

  it('a server that says „later” (421) is tried again; one that refuses (550) fails it at once, with its reason', async () => {
    const a = await issued();
    smtp.refuse({ code: 421, message: 'Try again later' });
    await emailInvoice(a.actor, a.id, { to: 'pozniej@nabywca.example.com', subject: 'Faktura', body: 'W załączeniu.' });
    expect(await settled(a.actor, a.id, 30_000)).toMatchObject({ status: 'SENT', attempts: 2, lastError: null });
    expect(await mailTo('pozniej@nabywca.example.com')).toHaveLength(1);

    smtp.refuse({ code: 550, message: 'No such user here' });
    await emailInvoice(a.actor, a.id, { to: 'nikt@nabywca.example.com', subject: 'Faktura', body: 'W załączeniu.' });
    const failed = await settled(a.actor, a.id);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(failed.lastError).toContain('No such user here');
    expect(await mailTo('nikt@nabywca.example.com')).toHaveLength(0);
    smtp.refuse(null);
  }, 40_000);

  it('only accountants and owners of the company, only issued invoices, only valid addresses', async () => {
    const a = await issued();
    const body = { to: 'x@nabywca.example.com', subject: 'Faktura', body: 'W załączeniu.' };
    const viewer = await addMember(a.actor.tenantId, 'VIEWER');
    await expect(emailInvoice(viewer, a.id, body)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const other = await createIssuingTenant();
    await expect(emailInvoice(other.actor, a.id, body)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(invoiceEmailDraft(other.actor, a.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await listInvoiceEmails(other.actor, a.id)).toEqual([]);
    const draft = await saveInvoiceDraft(a.actor, invoiceForm(a.buyerId));
    await expect(emailInvoice(a.actor, draft.id, body)).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'invoiceEmail.notIssued' });
    await expect(emailInvoice(a.actor, a.id, { ...body, to: 'nie-adres' })).rejects.toMatchObject({ issues: [expect.objectContaining({ path: ['to'] })] });
    expect(await rawDb().invoiceEmail.count({ where: { tenantId: a.actor.tenantId } })).toBe(0);
  });
});
