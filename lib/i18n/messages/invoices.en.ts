import type { InvoicesMessages } from './invoices.types';

export const invoicesEn: InvoicesMessages = {
  invoiceForm: {},
  invoicePage: {},
};
