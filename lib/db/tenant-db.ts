import 'server-only';
import { rawDb } from './client';

/**
 * Models whose rows belong to one tenant. Every query on them made through `tenantDb(tenantId)` is
 * forced into that tenant: the tenant filter is added to `where`, and `tenantId` to created rows.
 * A model missing here that has a `tenantId` column is caught by tests/unit/db/tenant-models.test.ts.
 */
export const TENANT_MODELS = [
  'Membership',
  'Invitation',
  'Contractor',
  'InvoiceSeries',
  'Invoice',
  'InvoiceBuyerName',
  'InvoiceLine',
  'KsefSession',
  'KsefSubmission',
  'ReceivedInvoice',
  'SyncCheckpoint',
  'SyncRun',
  'KsefPermissionCheck',
  'AuditEvent',
  'OwnCertificate',
  'InvoiceEmail',
  'InvoicePayment',
  'InvoiceDueDate',
] as const;

const tenantModels = new Set<string>(TENANT_MODELS);

// Operations whose `where` selects existing rows.
const filtered = new Set([
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'findMany',
  'count',
  'aggregate',
  'groupBy',
  'update',
  'updateMany',
  'updateManyAndReturn',
  'delete',
  'deleteMany',
  'upsert',
]);

export class TenantScopeError extends Error {}

type Args = Record<string, unknown> & { where?: Record<string, unknown>; data?: unknown; create?: unknown };

function withTenant(data: unknown, tenantId: string): unknown {
  if (Array.isArray(data)) return data.map((d) => withTenant(d, tenantId));
  if (data && typeof data === 'object') {
    const row = data as Record<string, unknown>;
    if ('tenantId' in row && row.tenantId !== tenantId) throw new TenantScopeError('tenantId mismatch on write');
    if ('tenant' in row) throw new TenantScopeError('connecting a tenant relation is not allowed in tenant scope');
    return { ...row, tenantId };
  }
  return data;
}

export function tenantDb(tenantId: string) {
  if (!tenantId) throw new TenantScopeError('tenantDb() needs a tenant id');
  return rawDb().$extends({
    name: 'tenant-scope',
    query: {
      $allModels: {
        async $allOperations({ model, operation, args, query }) {
          if (!tenantModels.has(model)) {
            throw new TenantScopeError(`${model} is not tenant-owned; use a platform use case`);
          }
          const a = { ...(args as Args) };
          if (filtered.has(operation)) {
            // findUnique/update/delete accept extra non-unique filters in `where` (Prisma ≥ 5).
            a.where = { ...(a.where ?? {}), tenantId };
          }
          if (operation === 'create' || operation === 'createMany' || operation === 'createManyAndReturn') {
            a.data = withTenant(a.data, tenantId);
          }
          if (operation === 'upsert') {
            a.create = withTenant(a.create, tenantId);
          }
          if ((operation === 'update' || operation === 'updateMany' || operation === 'upsert') && a.data) {
            const d = a.data as Record<string, unknown>;
            if ('tenantId' in d || 'tenant' in d) throw new TenantScopeError('a row cannot move to another tenant');
          }
          return query(a as typeof args);
        },
      },
    },
  });
}

export type TenantDb = ReturnType<typeof tenantDb>;
