import Decimal from 'decimal.js';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { Actor } from '@/lib/server/access';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { saveInvoiceDraft } from '@/lib/server/invoices/save-invoice-draft';
import { deletePayment } from '@/lib/server/payments/delete-payment';
import { getInvoicePayments } from '@/lib/server/payments/invoice-payments';
import { listOverdueInvoices } from '@/lib/server/payments/overdue-invoices';
import { getPaymentOverview } from '@/lib/server/payments/payment-overview';
import { recordPayment } from '@/lib/server/payments/record-payment';
import { fieldErrors } from '@/lib/server/validation';
import { translator } from '@/lib/i18n';
import { describeAuditEvent } from '@/lib/server/audit/describe-audit-event';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { addMember } from '../../support/factories';
import { createIssuingTenant, invoiceForm, issueNewInvoice } from '../../support/app-flows';

// Fixed dates, long past: issuing accepts them, and `today` is passed to the use cases.
const ISSUED = '2025-01-10';
const TODAY = '2025-02-01';
const opts = { today: TODAY };
const issueOn = (actor: Actor, buyerId: string, over: Record<string, unknown> = {}) => issueNewInvoice(actor, buyerId, { issueDate: ISSUED, saleDate: ISSUED, dueDate: '2025-01-24', ...over });
const gross = async (id: string) => (await rawDb().invoice.findUniqueOrThrow({ where: { id } })).totalGross.toFixed(2);
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => (e instanceof z.ZodError ? { fields: fieldErrors(e) } : (e as { code: string; messageKey: string; field?: string; params?: unknown })),
  );

describe('payments of a sales invoice', () => {
  it('records a partial payment then the rest (unpaid → partly paid → paid), refuses more, and deleting goes back; each step audited', async () => {
    const { actor, buyerId } = await createIssuingTenant('Wpłaty Sp. z o.o.');
    const id = await issueOn(actor, buyerId, { dueDate: '2025-02-14' });
    const total = await gross(id);
    expect(total).toBe('1928.79'); // 10 h × 150 + 23 %, 2 × 39.90 + 5 %
    expect((await getInvoicePayments(actor, id, opts)).state).toMatchObject({ status: 'unpaid', remaining: total });

    const first = await recordPayment(actor, { invoiceId: id, paidOn: '2025-01-20', amount: '1 000,10', note: 'Wyciąg 12/2025' }, opts);
    expect(first).toMatchObject({ amount: '1000.10', remaining: '928.69' });
    let view = await getInvoicePayments(actor, id, opts);
    expect(view.state).toMatchObject({ status: 'partial', paid: '1000.10', remaining: '928.69' });
    expect(view.payments).toEqual([{ id: first.id, paidOn: '2025-01-20', amount: '1000.10', note: 'Wyciąg 12/2025' }]);

    // More than is left: refused at the field, saying what is left.
    expect(await errorOf(recordPayment(actor, { invoiceId: id, paidOn: '2025-01-21', amount: '928.70' }, opts))).toMatchObject({
      code: 'VALIDATION',
      field: 'amount',
      messageKey: 'payments.errors.amountExceeds',
      params: { remaining: '928.69', currency: 'PLN' },
    });
    await recordPayment(actor, { invoiceId: id, paidOn: '2025-01-21', amount: '928.69' }, opts);
    view = await getInvoicePayments(actor, id, opts);
    expect(view.state).toMatchObject({ status: 'paid', paid: total, remaining: '0.00' });
    expect(await errorOf(recordPayment(actor, { invoiceId: id, paidOn: '2025-01-21', amount: '0.01' }, opts))).toMatchObject({ code: 'CONFLICT', messageKey: 'payments.errors.alreadyPaid' });

    await deletePayment(actor, { paymentId: first.id }, opts);
    view = await getInvoicePayments(actor, id, opts);
    expect(view.state).toMatchObject({ status: 'partial', paid: '928.69', remaining: '1000.10' });
    expect(view.payments.map((p) => p.amount)).toEqual(['928.69']);

    const events = await rawDb().auditEvent.findMany({ where: { tenantId: actor.tenantId, action: { startsWith: 'payment.' } }, orderBy: { createdAt: 'asc' } });
    expect(events.map((e) => [e.action, e.result, e.actorUserId])).toEqual([
      ['payment.recorded', 'PARTIAL', actor.userId],
      ['payment.recorded', 'PAID', actor.userId],
      ['payment.deleted', 'OK', actor.userId],
    ]);
    expect(events[0]!.details).toMatchObject({ invoiceId: id, amount: '1000.10', paidOn: '2025-01-20', currency: 'PLN', remaining: '928.69' });
    // The audit log says it in words, in the payments category.
    const log = await listAuditEvents(actor, { category: 'payments' });
    expect(log.total).toBe(3);
    const number = view.number!;
    const words = (locale: 'pl' | 'en') => log.rows.map((r) => describeAuditEvent(translator(locale), locale, r)).map((v) => [v.title, v.result.label, v.details.map((d) => `${d.label}: ${d.value}`)]);
    expect(words('pl').reverse()).toEqual([
      ['Zapisano wpłatę za fakturę', 'Zapłacona częściowo', [`Faktura: ${number}`, 'Kwota wpłaty: 1\u00a0000,10\u00a0zł', 'Data wpłaty: 20.01.2025', 'Pozostało do zapłaty: 928,69\u00a0zł']],
      ['Zapisano wpłatę za fakturę', 'Zapłacona w całości', [`Faktura: ${number}`, 'Kwota wpłaty: 928,69\u00a0zł', 'Data wpłaty: 21.01.2025', 'Pozostało do zapłaty: 0,00\u00a0zł']],
      ['Usunięto wpłatę za fakturę', 'Udane', [`Faktura: ${number}`, 'Kwota wpłaty: 1\u00a0000,10\u00a0zł', 'Data wpłaty: 20.01.2025', 'Pozostało do zapłaty: 1\u00a0000,10\u00a0zł']],
    ]);
    expect(words('en').at(-1)).toEqual(['Payment of an invoice recorded', 'Partly paid', [`Invoice: ${number}`, 'Amount paid: PLN 1,000.10', 'Payment date: 2025-01-20', 'Left to pay: PLN 928.69']]);
  });

  it('every bad input gets its own message at its field', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const id = await issueOn(actor, buyerId);
    const fields = async (input: Record<string, unknown>) => ((await errorOf(recordPayment(actor, { invoiceId: id, ...input }, opts))) as { fields: Record<string, string> }).fields;
    expect(await fields({ paidOn: '', amount: '' })).toEqual({ paidOn: 'payments.errors.paidOnRequired', amount: 'payments.errors.amountRequired' });
    expect(await fields({ paidOn: '2025-02-30', amount: 'sto' })).toEqual({ paidOn: 'payments.errors.paidOnInvalid', amount: 'payments.errors.amountInvalid' });
    expect(await fields({ paidOn: '2025-02-02', amount: '-5' })).toEqual({ paidOn: 'payments.errors.paidOnFuture', amount: 'payments.errors.amountPositive' });
    expect(await fields({ paidOn: '1999-12-31', amount: '0,00' })).toEqual({ paidOn: 'payments.errors.paidOnTooEarly', amount: 'payments.errors.amountPositive' });
    expect(await fields({ paidOn: TODAY, amount: '10,005' })).toEqual({ amount: 'payments.errors.amountDecimals' });
    expect(await fields({ paidOn: TODAY, amount: '12345678901234567' })).toEqual({ amount: 'payments.errors.amountTooLarge' });
    expect(await fields({ paidOn: TODAY, amount: '1', note: 'x'.repeat(201) })).toEqual({ note: 'validation.maxLength.200' });
    expect(await fields({ paidOn: TODAY, amount: '1', note: 'Wyciąg\u0000' })).toEqual({ note: 'validation.controlCharacters' });
    expect(await fields({ paidOn: ['2025-01-01'], amount: 5, note: {} })).toEqual({ paidOn: 'payments.errors.paidOnRequired', amount: 'payments.errors.amountRequired', note: 'validation.invalid' });
    // Today itself is a valid payment date; nothing was recorded by the refusals.
    await recordPayment(actor, { invoiceId: id, paidOn: TODAY, amount: '1' }, opts);
    expect((await getInvoicePayments(actor, id, opts)).payments).toHaveLength(1);
  });

  it('viewers read, accountants record and delete; a draft has no payments', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const id = await issueOn(actor, buyerId);
    const viewer = await addMember(actor.tenantId, 'VIEWER');
    const accountant = await addMember(actor.tenantId, 'ACCOUNTANT');
    const paid = await recordPayment(accountant, { invoiceId: id, paidOn: TODAY, amount: '10' }, opts);
    expect(await getInvoicePayments(viewer, id, opts)).toMatchObject({ canEdit: false, payments: [{ amount: '10.00' }] });
    expect((await getInvoicePayments(accountant, id, opts)).canEdit).toBe(true);
    expect(await errorOf(recordPayment(viewer, { invoiceId: id, paidOn: TODAY, amount: '10' }, opts))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await errorOf(deletePayment(viewer, { paymentId: paid.id }, opts))).toMatchObject({ code: 'FORBIDDEN' });
    await deletePayment(accountant, { paymentId: paid.id }, opts);
    expect((await getInvoicePayments(viewer, id, opts)).payments).toEqual([]);

    const draft = await saveInvoiceDraft(actor, invoiceForm(buyerId));
    expect(await getInvoicePayments(viewer, draft.id, opts)).toMatchObject({ none: 'draft', state: null });
    expect(await errorOf(recordPayment(actor, { invoiceId: draft.id, paidOn: TODAY, amount: '10' }, opts))).toMatchObject({ code: 'CONFLICT', messageKey: 'payments.errors.draft' });
  });

  it('another company can neither see, record nor delete payments of this invoice (and the database refuses the link)', async () => {
    const a = await createIssuingTenant('Firma A');
    const b = await createIssuingTenant('Firma B');
    const id = await issueOn(a.actor, a.buyerId);
    const payment = await recordPayment(a.actor, { invoiceId: id, paidOn: TODAY, amount: '100' }, opts);
    expect(await errorOf(getInvoicePayments(b.actor, id, opts))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(recordPayment(b.actor, { invoiceId: id, paidOn: TODAY, amount: '1' }, opts))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await errorOf(deletePayment(b.actor, { paymentId: payment.id }, opts))).toMatchObject({ code: 'NOT_FOUND' });
    // A member of A acting in B's context is no member there.
    expect(await errorOf(getInvoicePayments({ ...a.actor, tenantId: b.actor.tenantId }, id, opts))).toMatchObject({ code: 'NOT_FOUND' });
    expect(await rawDb().invoicePayment.count({ where: { invoiceId: id } })).toBe(1);
    // B's list, overview and overdue list know nothing of A's invoice or payment.
    expect((await listInvoices(b.actor, { payment: 'open' }, opts)).rows).toEqual([]);
    expect((await getPaymentOverview(b.actor, opts)).currencies).toEqual([]);
    expect(await listOverdueInvoices(b.actor.tenantId, opts)).toEqual([]);
    // Even written past the use cases, a payment of B cannot point at A's invoice.
    await expect(rawDb().invoicePayment.create({ data: { tenantId: b.actor.tenantId, invoiceId: id, paidOn: new Date(TODAY), amount: '1' } })).rejects.toThrow(/foreign key/i);
    await expect(rawDb().invoicePayment.create({ data: { tenantId: a.actor.tenantId, invoiceId: id, paidOn: new Date(TODAY), amount: '0' } })).rejects.toThrow(
      /check constraint|InvoicePayment_amount_positive/i,
    );
  });

  it('two payments recorded at once cannot together exceed what is left', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const id = await issueOn(actor, buyerId);
    const total = new Decimal(await gross(id));
    const half = total.dividedBy(2).toDecimalPlaces(2, Decimal.ROUND_UP).toFixed(2);
    const results = await Promise.allSettled(Array.from({ length: 3 }, () => recordPayment(actor, { invoiceId: id, paidOn: TODAY, amount: half }, opts)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const paid = await rawDb().invoicePayment.aggregate({ where: { invoiceId: id }, _sum: { amount: true } });
    expect(paid._sum.amount!.lte(total.toFixed(2))).toBe(true);
  });

  it('a correction changes what is due on the invoice it corrects (also a correction of a correction); the KOR itself points there', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const id = await issueOn(actor, buyerId, { lines: [{ name: 'Usługa', quantity: '10', unit: 'h', unitPrice: '100', vatRate: '23' }] });
    expect(await gross(id)).toBe('1230.00');
    await recordPayment(actor, { invoiceId: id, paidOn: '2025-01-15', amount: '1230' }, opts);
    await rawDb().invoice.update({ where: { id }, data: { status: 'ACCEPTED' } });
    const kor = await issueOn(actor, buyerId, {
      kind: 'KOR',
      correctedInvoiceId: id,
      correctionReason: 'Rabat',
      lines: [{ name: 'Usługa', quantity: '8', unit: 'h', unitPrice: '100', vatRate: '23' }],
    });
    expect(await gross(kor)).toBe('-246.00');
    let view = await getInvoicePayments(actor, id, opts);
    expect(view).toMatchObject({ corrections: '-246.00', correctionCount: 1, state: { status: 'overpaid', due: '984.00', paid: '1230.00', overpaid: '246.00' } });
    expect(await errorOf(recordPayment(actor, { invoiceId: id, paidOn: TODAY, amount: '1' }, opts))).toMatchObject({ messageKey: 'payments.errors.overpaidAlready' });
    expect(await getInvoicePayments(actor, kor, opts)).toMatchObject({ none: 'correction', state: null, settledOn: { id } });
    expect(await errorOf(recordPayment(actor, { invoiceId: kor, paidOn: TODAY, amount: '1' }, opts))).toMatchObject({ messageKey: 'payments.errors.correction' });

    // The correction is corrected again (back up to 9 h): +123.00 on the first invoice.
    await rawDb().invoice.update({ where: { id: kor }, data: { status: 'ACCEPTED' } });
    const kor2 = await issueOn(actor, buyerId, {
      kind: 'KOR',
      correctedInvoiceId: kor,
      correctionReason: 'Jednak 9 h',
      lines: [{ name: 'Usługa', quantity: '9', unit: 'h', unitPrice: '100', vatRate: '23' }],
    });
    expect(await gross(kor2)).toBe('123.00');
    view = await getInvoicePayments(actor, id, opts);
    expect(view).toMatchObject({ correctionCount: 2, state: { status: 'overpaid', due: '1107.00', overpaid: '123.00' } });
    expect((await getInvoicePayments(actor, kor2, opts)).settledOn).toEqual({ id, number: view.number });
    // A correction draft or one KSeF rejected changes nothing.
    await rawDb().invoice.update({ where: { id: kor2 }, data: { status: 'REJECTED' } });
    expect((await getInvoicePayments(actor, id, opts)).state).toMatchObject({ due: '984.00' });
    const list = await listInvoices(actor, { payment: 'overpaid' }, opts);
    expect(list.rows.map((r) => [r.id, r.payment?.overpaid])).toEqual([[id, '246.00']]);
    expect((await listInvoices(actor, {}, opts)).rows.find((r) => r.id === kor)?.payment).toBeNull();
  });
});

describe('InvoiceDueDate follows the stored form (triggers on Invoice)', () => {
  it('a draft saved, its due date changed and removed, an impossible date and a bulk insert', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const due = async (invoiceId: string) => (await rawDb().invoiceDueDate.findFirst({ where: { invoiceId } }))?.dueDate.toISOString().slice(0, 10) ?? null;
    const { id } = await saveInvoiceDraft(actor, invoiceForm(buyerId, { issueDate: ISSUED, dueDate: '2025-01-24' }));
    expect(await due(id)).toBe('2025-01-24');
    await saveInvoiceDraft(actor, invoiceForm(buyerId, { issueDate: ISSUED, dueDate: '2025-03-01' }), id);
    expect(await due(id)).toBe('2025-03-01');
    await saveInvoiceDraft(actor, invoiceForm(buyerId, { issueDate: ISSUED, dueDate: '' }), id);
    expect(await due(id)).toBeNull();
    // Written past the app: an impossible date is no due date, and never fails the write; status updates keep it.
    await rawDb().invoice.update({ where: { id }, data: { model: { form: { dueDate: '2025-02-30' } } } });
    expect(await due(id)).toBeNull();
    await rawDb().invoice.update({ where: { id }, data: { model: { form: { dueDate: '2024-02-29' } } } });
    await rawDb().invoice.update({ where: { id }, data: { status: 'ISSUED' } });
    expect(await due(id)).toBe('2024-02-29');
    await rawDb().$executeRaw`
      INSERT INTO "Invoice" (id, "tenantId", kind, status, "issueDate", model, "totalNet", "totalVat", "totalGross", "updatedAt")
      SELECT gen_random_uuid(), ${actor.tenantId}::uuid, 'VAT', 'ISSUED', DATE '2025-01-01', jsonb_build_object('form', jsonb_build_object('dueDate', (DATE '2025-01-01' + g)::text)), 1, 0, 1, now()
      FROM generate_series(1, 50) g`;
    expect(await rawDb().invoiceDueDate.count({ where: { tenantId: actor.tenantId } })).toBe(51);
  });
});

describe('the due-date overview, the list filter and the overdue list agree', () => {
  it('sums per currency what is left, overdue and due within 7 days; the filter finds exactly the invoices of each status', async () => {
    const { actor, buyerId } = await createIssuingTenant('Należności S.A.');
    const overdue = await issueOn(actor, buyerId, { dueDate: '2025-01-24' });
    const overduePartly = await issueOn(actor, buyerId, { dueDate: '2025-01-31' });
    const dueToday = await issueOn(actor, buyerId, { dueDate: TODAY });
    const dueIn7 = await issueOn(actor, buyerId, { dueDate: '2025-02-08' });
    const dueLater = await issueOn(actor, buyerId, { dueDate: '2025-02-09' });
    const noDueDate = await issueOn(actor, buyerId, { dueDate: undefined });
    const paid = await issueOn(actor, buyerId, { dueDate: '2025-01-20' });
    const eur = await issueOn(actor, buyerId, { dueDate: '2025-01-15', currency: 'EUR', exchangeRate: '4,2123' });
    await saveInvoiceDraft(actor, invoiceForm(buyerId, { dueDate: '2025-01-12', issueDate: ISSUED }));
    await recordPayment(actor, { invoiceId: overduePartly, paidOn: '2025-01-30', amount: '0,79' }, opts);
    await recordPayment(actor, { invoiceId: dueIn7, paidOn: '2025-01-30', amount: '28,79' }, opts);
    await recordPayment(actor, { invoiceId: paid, paidOn: '2025-01-19', amount: await gross(paid) }, opts);

    const g = new Decimal(await gross(overdue)); // every invoice here has the same lines: 1928.79
    const overview = await getPaymentOverview(actor, opts);
    expect(overview).toEqual({
      today: TODAY,
      dueSoonUntil: '2025-02-08',
      hasInvoices: true,
      currencies: [
        {
          currency: 'PLN',
          open: { sum: g.times(6).minus('0.79').minus('28.79').toFixed(2), count: 6 },
          overdue: { sum: g.times(2).minus('0.79').toFixed(2), count: 2 },
          dueSoon: { sum: g.times(2).minus('28.79').toFixed(2), count: 2 },
          noDueDateCount: 1,
          overpaid: { sum: '0.00', count: 0 },
        },
        {
          currency: 'EUR',
          open: { sum: g.toFixed(2), count: 1 },
          overdue: { sum: g.toFixed(2), count: 1 },
          dueSoon: { sum: '0.00', count: 0 },
          noDueDateCount: 0,
          overpaid: { sum: '0.00', count: 0 },
        },
      ],
    });

    const ids = async (payment: string) => (await listInvoices(actor, { payment }, opts)).rows.map((r) => r.id).sort();
    const sorted = (...xs: string[]) => xs.sort();
    expect(await ids('overdue')).toEqual(sorted(overdue, overduePartly, eur));
    expect(await ids('unpaid')).toEqual(sorted(dueToday, dueLater, noDueDate));
    expect(await ids('partial')).toEqual(sorted(dueIn7));
    expect(await ids('paid')).toEqual(sorted(paid));
    expect(await ids('open')).toEqual(sorted(overdue, overduePartly, dueToday, dueIn7, dueLater, noDueDate, eur));
    expect(await ids('nonsense')).toHaveLength(9); // an unknown filter is no filter (the draft included)
    // The SQL filter and the row's status (computed in TypeScript) agree on every row.
    for (const status of ['unpaid', 'partial', 'overdue', 'paid'] as const) for (const r of (await listInvoices(actor, { payment: status }, opts)).rows) expect(r.payment?.status).toBe(status);
    expect((await listInvoices(actor, { payment: 'overdue', status: 'DRAFT' }, opts)).total).toBe(0);

    // The reminder job's list: the longest overdue first, with what is left and the buyer.
    const reminders = await listOverdueInvoices(actor.tenantId, opts);
    expect(reminders.map((r) => [r.id, r.dueDate, r.daysOverdue, r.remaining, r.currency])).toEqual([
      [eur, '2025-01-15', 17, g.toFixed(2), 'EUR'],
      [overdue, '2025-01-24', 8, g.toFixed(2), 'PLN'],
      [overduePartly, '2025-01-31', 1, g.minus('0.79').toFixed(2), 'PLN'],
    ]);
    expect(reminders[2]).toMatchObject({ paid: '0.79', lastPaidOn: '2025-01-30', buyer: { contractorId: buyerId, name: 'Nabywca S.A.', nip: '5265877635' } });
    // A day later the invoice due today is overdue too; paying it in full takes it off the list.
    expect((await listOverdueInvoices(actor.tenantId, { today: '2025-02-02' })).map((r) => r.id)).toContain(dueToday);
    await recordPayment(actor, { invoiceId: overdue, paidOn: TODAY, amount: g.toFixed(2) }, opts);
    expect((await listOverdueInvoices(actor.tenantId, opts)).map((r) => r.id)).not.toContain(overdue);
  });
});
