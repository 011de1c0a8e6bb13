import { describe, expect, it } from 'vitest';
import { todayInPoland } from '@/lib/fa3/rules';
import { addDays, daysBetween, noPaymentStatusReason, paymentState } from '@/lib/invoices/payment-status';

const base = { totalGross: '1230.00', payments: [] as string[], dueDate: '2026-03-15', today: '2026-03-10' };

describe('payment status, derived from the payments, the total with its corrections and the due date', () => {
  it('unpaid → partly paid → paid, with exact sums', () => {
    expect(paymentState(base)).toEqual({ status: 'unpaid', due: '1230.00', paid: '0.00', remaining: '1230.00', overpaid: '0.00', daysOverdue: 0 });
    expect(paymentState({ ...base, payments: ['1000.00'] })).toMatchObject({ status: 'partial', paid: '1000.00', remaining: '230.00' });
    expect(paymentState({ ...base, payments: ['1000.00', '230.00'] })).toMatchObject({ status: 'paid', remaining: '0.00', overpaid: '0.00' });
  });

  it('adds decimals exactly: 0.10 + 0.20 pays an invoice of 0.30 (a float sum would be 0.30000000000000004)', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(paymentState({ ...base, totalGross: '0.30', payments: ['0.10', '0.20'] })).toMatchObject({ status: 'paid', paid: '0.30', remaining: '0.00' });
    // A grosz short is still partly paid, and 10 000 payments of 0.01 pay 100.00 to the grosz.
    expect(paymentState({ ...base, totalGross: '0.30', payments: ['0.10', '0.19'] })).toMatchObject({ status: 'partial', remaining: '0.01' });
    expect(paymentState({ ...base, totalGross: '100.00', payments: Array.from({ length: 10_000 }, () => '0.01') })).toMatchObject({ status: 'paid' });
    // Amounts beyond a float's 15–17 digits stay exact (Decimal(18, 2) holds 16 digits before the point).
    expect(paymentState({ ...base, totalGross: '9999999999999999.99', payments: ['9999999999999999.98'] })).toMatchObject({ status: 'partial', remaining: '0.01' });
  });

  it('overdue: not fully paid and the due date before today; not on the due date itself, never without a due date', () => {
    expect(paymentState({ ...base, today: '2026-03-15' }).status).toBe('unpaid');
    expect(paymentState({ ...base, today: '2026-03-16' })).toMatchObject({ status: 'overdue', daysOverdue: 1, remaining: '1230.00' });
    expect(paymentState({ ...base, today: '2026-04-15', payments: ['30.00'] })).toMatchObject({ status: 'overdue', daysOverdue: 31, paid: '30.00', remaining: '1200.00' });
    expect(paymentState({ ...base, today: '2026-04-15', payments: ['1230.00'] }).status).toBe('paid');
    expect(paymentState({ ...base, dueDate: null, today: '2099-01-01' }).status).toBe('unpaid');
    expect(paymentState({ ...base, dueDate: undefined, payments: ['1.00'], today: '2099-01-01' }).status).toBe('partial');
  });

  it("today is Poland's day: an invoice due on 15 March is overdue from midnight in Warsaw, not from midnight UTC", () => {
    const at = (instant: string) => paymentState({ ...base, today: todayInPoland(new Date(instant)) }).status;
    // Winter (UTC+1): 23:59 on the 15th in Warsaw is 22:59 UTC; 00:00 on the 16th is 23:00 UTC on the 15th.
    expect(at('2026-03-15T22:59:59Z')).toBe('unpaid');
    expect(at('2026-03-15T23:00:00Z')).toBe('overdue');
    // Summer (UTC+2): due 10 July, overdue from 22:00 UTC on the 10th.
    const july = (instant: string) => paymentState({ ...base, dueDate: '2026-07-10', today: todayInPoland(new Date(instant)) }).status;
    expect(july('2026-07-10T21:59:59Z')).toBe('unpaid');
    expect(july('2026-07-10T22:00:00Z')).toBe('overdue');
    // The night the clocks go back (25 October 2026): 23:30 UTC on the 25th is already the 26th in Warsaw.
    expect(paymentState({ ...base, dueDate: '2026-10-25', today: todayInPoland(new Date('2026-10-25T23:30:00Z')) })).toMatchObject({ status: 'overdue', daysOverdue: 1 });
  });

  it('corrections change the amount due; one that lowers it below what was paid leaves an overpayment', () => {
    const corrected = { ...base, corrections: ['-230.00'] };
    expect(paymentState({ ...corrected, payments: ['1000.00'] })).toMatchObject({ status: 'paid', due: '1000.00', remaining: '0.00' });
    expect(paymentState({ ...corrected, payments: ['1230.00'] })).toMatchObject({ status: 'overpaid', due: '1000.00', overpaid: '230.00', remaining: '0.00' });
    // An overpaid invoice is not overdue, whatever the date.
    expect(paymentState({ ...corrected, payments: ['1230.00'], today: '2027-01-01' }).status).toBe('overpaid');
    // A correction raising the price: more to pay. A full reversal leaves nothing to pay.
    expect(paymentState({ ...base, corrections: ['123.00', '-0.01'], payments: ['1230.00'] })).toMatchObject({ status: 'partial', due: '1352.99', remaining: '122.99' });
    expect(paymentState({ ...base, corrections: ['-1230.00'] })).toMatchObject({ status: 'paid', due: '0.00' });
  });

  it('only issued invoices have a payment status: not drafts, not ones KSeF rejected, not corrections', () => {
    expect(noPaymentStatusReason({ kind: 'VAT', status: 'DRAFT' })).toBe('draft');
    expect(noPaymentStatusReason({ kind: 'VAT', status: 'REJECTED' })).toBe('rejected');
    expect(noPaymentStatusReason({ kind: 'KOR', status: 'ACCEPTED' })).toBe('correction');
    for (const kind of ['VAT', 'ZAL', 'ROZ', 'UPR'])
      for (const status of ['ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED']) expect(noPaymentStatusReason({ kind, status })).toBeNull();
  });

  it('counts calendar days across the clock change', () => {
    expect(daysBetween('2026-03-28', '2026-03-30')).toBe(2);
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(addDays('2026-12-28', 7)).toBe('2027-01-04');
    expect(addDays('2028-02-25', 7)).toBe('2028-03-03');
  });
});
