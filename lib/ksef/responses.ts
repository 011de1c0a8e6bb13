/**
 * What the client reads from KSeF's answers, as zod schemas, checked on arrival (client.ts parses
 * every answer of an endpoint registered here). An answer that does not match becomes a
 * `KsefProtocolError` naming the endpoint and the first problems, instead of a TypeError somewhere
 * later. The schemas hold the fields we rely on; everything else passes through untouched (loose
 * objects) but is typed `unknown`, so reading a field nobody checked does not compile.
 *
 * Kept honest against the contract at compile time: every schema must accept every answer the
 * generated OpenAPI types allow (see `Incompatible` at the end).
 */
import { z } from 'zod';
import type { ContractBodyOf, Endpoint } from './endpoints';
import { KsefProtocolError } from './errors';

/** A timestamp we compute with (token expiry, HWM, key validity): must parse as a date. */
const date = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const status = z.looseObject({ code: z.number().int(), description: z.string(), details: z.array(z.string()).nullish() });
const token = z.looseObject({ token: z.string().min(1), validUntil: date });
const reference = z.looseObject({ referenceNumber: z.string().min(1) });
const identifier = z.looseObject({ type: z.string(), value: z.string() });

export const sessionStatusSchema = z.looseObject({
  status,
  upo: z.looseObject({ pages: z.array(z.looseObject({ referenceNumber: z.string(), downloadUrl: z.string(), downloadUrlExpirationDate: z.string() })) }).nullish(),
  invoiceCount: z.number().nullish(),
  successfulInvoiceCount: z.number().nullish(),
  failedInvoiceCount: z.number().nullish(),
});

export const sessionInvoiceStatusSchema = z.looseObject({
  ordinalNumber: z.number(),
  referenceNumber: z.string(),
  // Required by the contract, yet its own example of a single status omits it: only the session's
  // list, which we search by hash, must have it.
  invoiceHash: z.string().optional(),
  ksefNumber: z.string().nullish(),
  invoiceNumber: z.string().nullish(),
  acquisitionDate: date.nullish(),
  status: status.extend({ extensions: z.record(z.string(), z.string().nullable()).nullish() }),
});

const sessionInvoices = z.looseObject({ continuationToken: z.string().nullish(), invoices: z.array(sessionInvoiceStatusSchema.extend({ invoiceHash: z.string() })) });

export const invoiceMetadataSchema = z.looseObject({
  ksefNumber: z.string().min(1),
  invoiceNumber: z.string(),
  issueDate: z.string(),
  invoicingDate: z.string(),
  acquisitionDate: date,
  permanentStorageDate: date,
  seller: z.looseObject({ nip: z.string(), name: z.string().nullish() }),
  buyer: z.looseObject({ identifier: z.looseObject({ type: z.string(), value: z.string().nullish() }), name: z.string().nullish() }),
  netAmount: z.number(),
  grossAmount: z.number(),
  vatAmount: z.number(),
  currency: z.string(),
  invoiceType: z.string(),
  invoiceHash: z.string(),
});

export const exportStatusSchema = z.looseObject({
  status,
  package: z
    .looseObject({
      invoiceCount: z.number(),
      size: z.number(),
      parts: z.array(
        z.looseObject({
          ordinalNumber: z.number().int(),
          partName: z.string(),
          method: z.string(),
          url: z.string(),
          partSize: z.number(),
          partHash: z.string(),
          encryptedPartSize: z.number(),
          encryptedPartHash: z.string(),
          expirationDate: z.string(),
        }),
      ),
      isTruncated: z.boolean(),
      lastIssueDate: z.string().nullish(),
      lastInvoicingDate: z.string().nullish(),
      lastPermanentStorageDate: date.nullish(),
      permanentStorageHwmDate: date.nullish(),
    })
    .nullish(),
});

export const personalPermissionSchema = z.looseObject({
  id: z.string(),
  contextIdentifier: identifier.nullish(),
  permissionScope: z.string(),
  description: z.string(),
  permissionState: z.string(),
  startDate: z.string(),
  canDelegate: z.boolean(),
});

export const entityPermissionSchema = z.looseObject({
  id: z.string(),
  contextIdentifier: identifier,
  permissionScope: z.string(),
  description: z.string(),
  startDate: z.string(),
  canDelegate: z.boolean(),
});

const operationStatus = z.looseObject({ status });

/** A UPO is an XML document whose root is `Potwierdzenie` (the UPO schema's only root). */
export const upoSchema = z
  .instanceof(Buffer)
  .refine((b) => /^(\uFEFF)?\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*<([\w.-]+:)?Potwierdzenie[\s>/]/.test(b.subarray(0, 4096).toString('utf8')), 'not a UPO document (no Potwierdzenie root)');

/** Every answer checked on arrival, by endpoint. */
export const RESPONSE_SCHEMAS = {
  'GET /security/public-key-certificates': z.array(
    z.looseObject({ certificate: z.string().min(1), certificateId: z.string().optional(), publicKeyId: z.string().optional(), validFrom: date, validTo: date, usage: z.array(z.string()) }),
  ),
  'POST /auth/challenge': z.looseObject({ challenge: z.string().min(1), timestamp: date, timestampMs: z.number().optional(), clientIp: z.string().nullish() }),
  'POST /auth/xades-signature': reference.extend({ authenticationToken: token }),
  'POST /auth/ksef-token': reference.extend({ authenticationToken: token }),
  'GET /auth/{referenceNumber}': z.looseObject({ status }),
  'POST /auth/token/redeem': z.looseObject({ accessToken: token, refreshToken: token }),
  'POST /auth/token/refresh': z.looseObject({ accessToken: token }),
  'POST /sessions/online': reference.extend({ validUntil: z.string() }),
  'POST /sessions/batch': reference.extend({
    partUploadRequests: z.array(z.looseObject({ ordinalNumber: z.number().int(), method: z.string(), url: z.string().min(1), headers: z.record(z.string(), z.string().nullable()) })),
  }),
  'POST /sessions/online/{referenceNumber}/invoices': reference,
  'GET /sessions/{referenceNumber}': sessionStatusSchema,
  'GET /sessions/{referenceNumber}/invoices': sessionInvoices,
  'GET /sessions/{referenceNumber}/invoices/failed': sessionInvoices,
  'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}': sessionInvoiceStatusSchema,
  'GET /sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo': upoSchema,
  'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo': upoSchema,
  'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}': upoSchema,
  'POST /invoices/query/metadata': z.looseObject({ hasMore: z.boolean(), isTruncated: z.boolean(), permanentStorageHwmDate: date.nullish(), invoices: z.array(invoiceMetadataSchema) }),
  'POST /invoices/exports': reference,
  'GET /invoices/exports/{referenceNumber}': exportStatusSchema,
  'POST /permissions/query/personal/grants': z.looseObject({ permissions: z.array(personalPermissionSchema), hasMore: z.boolean() }),
  'POST /permissions/query/entities/grants': z.looseObject({ permissions: z.array(entityPermissionSchema), hasMore: z.boolean() }),
  'POST /permissions/entities/grants': reference,
  'DELETE /permissions/common/grants/{permissionId}': reference,
  'GET /permissions/operations/{referenceNumber}': operationStatus,
} satisfies { [E in Endpoint]?: z.ZodType };

export type SessionStatus = z.output<typeof sessionStatusSchema>;
export type SessionInvoiceStatus = z.output<typeof sessionInvoiceStatusSchema>;
export type InvoiceMetadata = z.output<typeof invoiceMetadataSchema>;
export type ExportStatus = z.output<typeof exportStatusSchema>;
export type PersonalPermission = z.output<typeof personalPermissionSchema>;
export type EntityPermissionItem = z.output<typeof entityPermissionSchema>;
export type OperationStatus = z.output<typeof operationStatus>;

export type ParsedEndpoint = keyof typeof RESPONSE_SCHEMAS;
export type ParsedBody<E extends ParsedEndpoint> = z.output<(typeof RESPONSE_SCHEMAS)[E]>;

export function responseSchema(endpoint: string): z.ZodType | undefined {
  return Object.hasOwn(RESPONSE_SCHEMAS, endpoint) ? RESPONSE_SCHEMAS[endpoint as ParsedEndpoint] : undefined;
}

/** Parses an answer; a mismatch is a KsefProtocolError naming where (`GET /sessions/{referenceNumber}`) and what. */
export function parseResponse<S extends z.ZodType>(schema: S, body: unknown, operation: string, httpStatus?: number): z.output<S> {
  const r = schema.safeParse(body);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(body)'}: ${i.message}`);
  throw new KsefProtocolError({
    message: `KSeF answer does not match the contract (${operation}): ${issues.slice(0, 3).join('; ')}${issues.length > 3 ? ` (+${issues.length - 3} more)` : ''}`,
    details: issues,
    httpStatus,
    cause: r.error,
  });
}

/**
 * Compile-time check: an endpoint listed here has a schema that would refuse some answer the
 * contract allows (a field the contract makes optional or nullable, or a different type).
 * Binary answers (UPO) have no JSON contract body and are skipped.
 */
type Incompatible = {
  [E in ParsedEndpoint]: [ContractBodyOf<E>] extends [never] ? never : ContractBodyOf<E> extends ParsedBody<E> ? never : E;
}[ParsedEndpoint];
type NoneOf<T extends never> = T;
type _ContractCompatible = NoneOf<Incompatible>;
