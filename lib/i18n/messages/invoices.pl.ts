/** Messages of the invoice form and invoice page (kept apart so the invoice UI can grow on its own). */
export const invoicesPl = {
  invoiceForm: {},
  invoicePage: {},
} as const;
