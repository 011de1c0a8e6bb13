import { describe, expect, it } from 'vitest';
import { formatBankAccount, hasValidChecksum, normalizeBankAccount } from '@/lib/invoices/bank-account';
import { invoiceFormInput } from '@/lib/invoices/form';

// Published example numbers (IBAN registry examples for PL, DE, GB).
const NRB = '61109010140000071219812874';

describe('bank account numbers', () => {
  it('accepts NRB and IBANs whose check digits agree, and refuses one mistyped digit or a swap', () => {
    expect(hasValidChecksum(NRB)).toBe(true);
    expect(hasValidChecksum(`PL${NRB}`)).toBe(true);
    expect(hasValidChecksum('DE89370400440532013000')).toBe(true);
    expect(hasValidChecksum('GB29NWBK60161331926819')).toBe(true);
    expect(hasValidChecksum(NRB.replace(/4$/, '5'))).toBe(false);
    expect(hasValidChecksum('61109010140000071219812847')).toBe(false); // last two swapped
    expect(hasValidChecksum('DE89370400440532013001')).toBe(false);
    expect(hasValidChecksum('1234')).toBe(false);
  });

  it('formats as banks print it', () => {
    expect(formatBankAccount(NRB)).toBe('61 1090 1014 0000 0712 1981 2874');
    expect(formatBankAccount(`pl${NRB}`)).toBe('PL61 1090 1014 0000 0712 1981 2874');
    expect(formatBankAccount('DE89370400440532013000')).toBe('DE89 3704 0044 0532 0130 00');
    expect(normalizeBankAccount(' 61 1090-1014 ')).toBe('6110901014');
  });

  it('the invoice form says which problem the number has', () => {
    const base = { buyerContractorId: '5f0c6b8e-6f7a-4c1e-9a43-2c1d0b7a9e11', issueDate: '2026-12-04', lines: [{ name: 'Usługa', quantity: '1', unit: 'szt.', unitPrice: '100', vatRate: '23' }] };
    const err = (bankAccount: string) => invoiceFormInput.safeParse({ ...base, bankAccount }).error?.issues.find((i) => i.path[0] === 'bankAccount')?.message;
    expect(err('61 1090 1014 0000 0712 1981 2874')).toBeUndefined();
    expect(err('61 1090 1014 0000 0712 1981 2875')).toBe('validation.bankAccountChecksum');
    expect(err('61 1090')).toBe('validation.bankAccount');
  });
});
