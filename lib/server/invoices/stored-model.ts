import 'server-only';
import { z } from 'zod';
import { invoiceSchema, type Invoice as Fa3Invoice } from '@/lib/fa3/model';
import { invoiceDraftInput, type InvoiceFormData } from '@/lib/invoices/form';

/**
 * Invoice.model (a JSON column) as save-invoice-draft writes it ({ form }) and issue-invoice
 * ({ form, fa3 }). Read through this schema rather than cast: the pages, the PDF and corrections
 * rely on its shape, and a row written by an older version or edited by hand should fail here,
 * naming the field, not deep inside the renderer. Parsing is idempotent on what we wrote (the form
 * schema's transforms only normalise), and costs about 20 ms for FA(3)'s maximum of 10,000 lines.
 */
const storedInvoiceModel = z.object({ form: invoiceDraftInput.optional(), fa3: invoiceSchema.optional() });

export interface StoredInvoiceModel {
  form?: InvoiceFormData;
  fa3?: Fa3Invoice;
}

/** A stored JSON value that does not have the shape the code relies on: a 500, never shown as is. */
export class StoredDataError extends Error {
  constructor(what: string, problems: string[]) {
    // Paths and rules only: the values are tenants' data.
    super(`${what} does not match its schema: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? '; …' : ''}`);
    this.name = 'StoredDataError';
  }
}

export function readInvoiceModel(model: unknown, invoiceId: string): StoredInvoiceModel {
  const r = storedInvoiceModel.safeParse(model ?? {});
  if (!r.success)
    throw new StoredDataError(
      `Invoice ${invoiceId}: model`,
      r.error.issues.map((i) => `${i.path.join('.') || 'model'}: ${i.message}`),
    );
  return r.data;
}
