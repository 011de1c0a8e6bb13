import 'server-only';
import { z } from 'zod';
import { nipSchema } from '../validation';

const name = z.string().trim().min(1, 'validation.required').max(512, 'validation.tooLong');
const address = z.string().trim().max(512, 'validation.tooLong').default('');
const country = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'validation.countryCode');

/** A buyer: Polish company (NIP), EU VAT payer, foreign company, or consumer (no tax id). */
export const contractorInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('PL_COMPANY'),
    nip: nipSchema,
    name,
    addressLine1: address,
    addressLine2: address,
    email: z
      .email('validation.email')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  z.object({
    kind: z.literal('EU_COMPANY'),
    countryCode: country,
    euVatId: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z+*]{2,12}$/, 'validation.euVatId'),
    name,
    addressLine1: address,
    addressLine2: address,
    email: z
      .email('validation.email')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  z.object({
    kind: z.literal('FOREIGN'),
    countryCode: country.refine((c) => c !== 'PL', 'validation.foreignCountry'),
    taxId: z.string().trim().max(50, 'validation.tooLong').optional(),
    name,
    addressLine1: address,
    addressLine2: address,
    email: z
      .email('validation.email')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
  z.object({
    kind: z.literal('CONSUMER'),
    name,
    addressLine1: address,
    addressLine2: address,
    email: z
      .email('validation.email')
      .optional()
      .or(z.literal('').transform(() => undefined)),
  }),
]);

export type ContractorInput = z.input<typeof contractorInput>;

export function toContractorRow(data: z.output<typeof contractorInput>) {
  return {
    kind: data.kind,
    name: data.name,
    addressLine1: data.addressLine1,
    addressLine2: data.addressLine2,
    email: data.email ?? null,
    nip: data.kind === 'PL_COMPANY' ? data.nip : null,
    euVatId: data.kind === 'EU_COMPANY' ? data.euVatId : null,
    taxId: data.kind === 'FOREIGN' ? (data.taxId ?? null) : null,
    countryCode: data.kind === 'EU_COMPANY' || data.kind === 'FOREIGN' ? data.countryCode : 'PL',
  };
}
