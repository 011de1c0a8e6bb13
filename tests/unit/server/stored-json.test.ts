import { describe, expect, it } from 'vitest';
import { readInvoiceModel, StoredDataError } from '@/lib/server/invoices/stored-model';
import { parseStoredPermissionCheck } from '@/lib/server/ksef-access/check-permissions';

/** JSON columns are read through zod schemas, not `as` casts: a wrong shape is named, not used. */
describe('stored JSON columns', () => {
  it('an invoice model without form or FA(3) model reads as empty; a wrong one names the path, not the value', () => {
    expect(readInvoiceModel({}, 'inv-1')).toEqual({});
    const secretish = 'Tajny kontrahent sp. z o.o.';
    const read = () => readInvoiceModel({ fa3: { number: secretish } }, 'inv-2');
    expect(read).toThrow(StoredDataError);
    expect(read).toThrow(/^Invoice inv-2: model does not match its schema: fa3\./);
    expect(read).not.toThrow(new RegExp(secretish));
  });

  it('a stored permission check parses; one of another shape counts as no check', () => {
    const check = { outcome: 'MISSING', checkedAt: '2026-11-24T10:00:00.000Z', rows: [{ permission: 'InvoiceWrite', granted: false, since: null }], mode: 'DELEGATED' };
    expect(parseStoredPermissionCheck('t', check)).toEqual(check);
    expect(parseStoredPermissionCheck('t', { outcome: 'MAYBE', rows: [] })).toBeNull();
    expect(parseStoredPermissionCheck('t', null)).toBeNull();
  });
});
