/** Shared by the invoice form (client, live validation) and the use cases (server, authoritative). */
import { z } from 'zod';
import { VAT_RATES } from '@/lib/fa3/model';
import { hasValidChecksum, normalizeBankAccount } from './bank-account';

/**
 * What the invoice form submits (a JSON payload in one hidden field). Decimal strings throughout;
 * messages are i18n keys shown next to the field. The FA(3) business rules (lib/fa3/rules.ts) run
 * afterwards on the built model and their messages are mapped back to these fields.
 */
const decimal = (max: number) =>
  z
    .string()
    .trim()
    .transform((s) => s.replace(/\s/g, '').replace(',', '.'))
    .pipe(z.string().regex(new RegExp(`^-?\\d{1,14}(\\.\\d{1,${max}})?$`), 'validation.decimal'));

export const FORM_VAT_RATES = ['23', '8', '5', '0 KR', '0 WDT', '0 EX', 'zw', 'np I', 'np II', 'oo'] as const satisfies readonly (typeof VAT_RATES)[number][];

export const invoiceLineInput = z.object({
  name: z.string().trim().min(1, 'validation.required').max(512, 'validation.tooLong'),
  quantity: decimal(6).refine((q) => Number(q) !== 0, 'validation.quantityZero'),
  unit: z.string().trim().min(1, 'validation.required').max(20, 'validation.tooLong'),
  unitPrice: decimal(8),
  discount: decimal(8)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  vatRate: z.enum(FORM_VAT_RATES, 'validation.vatRate'),
});

export const PAYMENT_METHODS = ['1', '2', '3', '4', '5', '6', '7'] as const;

export const invoiceFormInput = z.object({
  kind: z.enum(['VAT', 'ZAL', 'ROZ', 'UPR', 'KOR'], 'validation.invalid').default('VAT'),
  buyerContractorId: z.uuid('validation.buyerRequired'),
  issueDate: z.iso.date('validation.date'),
  saleDate: z.iso
    .date('validation.date')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  issuePlace: z.string().trim().max(256, 'validation.tooLong').optional(),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'validation.currency')
    .default('PLN'),
  /** NBP average rate of the last business day before the tax point (art. 31a ustawy o VAT). */
  exchangeRate: decimal(6)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  priceMode: z.enum(['net', 'gross']).default('net'),
  lines: z.array(invoiceLineInput).min(1, 'validation.linesRequired').max(1000, 'validation.tooManyLines'),
  paymentMethod: z
    .enum(PAYMENT_METHODS, 'validation.invalid')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  dueDate: z.iso
    .date('validation.date')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  bankAccount: z
    .string()
    .transform(normalizeBankAccount)
    .pipe(
      z
        .string()
        .regex(/^(PL)?\d{26}$|^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'validation.bankAccount')
        .refine(hasValidChecksum, 'validation.bankAccountChecksum'),
    )
    .optional()
    .or(z.literal('').transform(() => undefined)),
  splitPayment: z.boolean().default(false),
  reverseCharge: z.boolean().default(false),
  exemption: z.object({ basis: z.enum(['A', 'B', 'C'], 'validation.exemptionBasis'), text: z.string().trim().min(1, 'validation.exemptionText').max(256, 'validation.tooLong') }).optional(),
  notes: z.string().trim().max(3500, 'validation.tooLong').optional(),
  /** KOR only: the accepted invoice being corrected and why. */
  correctedInvoiceId: z.uuid().optional(),
  correctionReason: z.string().trim().max(256, 'validation.tooLong').optional(),
});

export type InvoiceFormInput = z.input<typeof invoiceFormInput>;
export type InvoiceFormData = z.output<typeof invoiceFormInput>;
