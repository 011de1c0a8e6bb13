/**
 * Permission queries and grants (uprawnienia.md, ksef-protocol.md §8). For our provider the key
 * question is "what do we hold in tenant T's context": authenticating in T's context proves at least
 * one permission (else 415); `personal/grants` lists what T granted us where KSeF shows it; from our
 * own context `entities/grants` lists every tenant that granted us InvoiceWrite/InvoiceRead (§14.5).
 */
import { KsefError, KsefPermissionError, KsefTimeoutError } from './errors';
import type { KsefContext } from './ksef-client';
import type { EntityPermissionItem, OperationStatus, PersonalPermission } from './responses';
import type { Schema } from './types';

export type { EntityPermissionItem, PersonalPermission };

async function pages<T>(fetchPage: (pageOffset: number) => Promise<{ items: T[]; hasMore: boolean }>, max = 100): Promise<T[]> {
  const out: T[] = [];
  for (let page = 0; page < max; page++) {
    const r = await fetchPage(page);
    out.push(...r.items);
    if (!r.hasMore) break;
  }
  return out;
}

/** The caller's own permissions in the current context (no special permission needed). */
export async function queryPersonalPermissions(ctx: KsefContext, filter: Schema<'PersonalPermissionsQueryRequest'> = {}): Promise<PersonalPermission[]> {
  return pages(async (pageOffset) => {
    const r = await ctx.request({
      method: 'POST',
      path: '/permissions/query/personal/grants',
      query: { pageOffset, pageSize: 100 },
      json: filter,
      retry: 'idempotent',
    });
    return { items: r.body.permissions, hasMore: r.body.hasMore };
  });
}

/** Entity permissions the current context RECEIVED from other entities (call it in the provider's own context). */
export async function queryReceivedEntityPermissions(ctx: KsefContext, grantorNip?: string): Promise<EntityPermissionItem[]> {
  return pages(async (pageOffset) => {
    const r = await ctx.request({
      method: 'POST',
      path: '/permissions/query/entities/grants',
      query: { pageOffset, pageSize: 100 },
      json: grantorNip ? { contextIdentifier: { type: 'Nip', value: grantorNip } } : {},
      retry: 'idempotent',
    });
    return { items: r.body.permissions, hasMore: r.body.hasMore };
  });
}

export interface ContextAccess {
  context: string;
  /** Authentication in the context succeeded (the provider holds at least one permission there). */
  authenticated: boolean;
  /** Permission names seen (from personal grants and/or a 403's presentPermissions). */
  permissions: string[];
  canSend: boolean;
  canRead: boolean;
  error?: KsefError;
}

/**
 * What the provider holds in this context. Never throws for "no permission": the answer says so.
 * `canSend`/`canRead` are only as good as what KSeF reveals to a non-owner (ksef-protocol.md §8.4).
 */
export async function checkAccess(ctx: KsefContext): Promise<ContextAccess> {
  const context = `${ctx.identifier.type}:${ctx.identifier.value}`;
  try {
    await ctx.accessToken();
  } catch (e) {
    if (e instanceof KsefPermissionError) return { context, authenticated: false, permissions: [], canSend: false, canRead: false, error: e };
    throw e;
  }
  const perms = new Set<string>();
  try {
    const filter: Schema<'PersonalPermissionsQueryRequest'> = { permissionState: 'Active' };
    if (ctx.identifier.type === 'Nip' || ctx.identifier.type === 'InternalId') {
      filter.contextIdentifier = { type: ctx.identifier.type, value: ctx.identifier.value };
    }
    for (const p of await queryPersonalPermissions(ctx, filter)) {
      // Grants elsewhere may be listed too: keep only this context's.
      if (!p.contextIdentifier || p.contextIdentifier.value === ctx.identifier.value) perms.add(p.permissionScope);
    }
  } catch (e) {
    if (!(e instanceof KsefPermissionError)) throw e;
    for (const p of e.present) perms.add(p);
  }
  const permissions = [...perms].sort();
  const owner = permissions.includes('Owner');
  return {
    context,
    authenticated: true,
    permissions,
    canSend: owner || permissions.includes('InvoiceWrite'),
    canRead: owner || permissions.includes('InvoiceRead'),
  };
}

// --- Grants (used by a tenant owner's context, e.g. in tests or onboarding tools) ---

export async function waitForPermissionOperation(ctx: KsefContext, referenceNumber: string, timeoutMs = 60_000): Promise<OperationStatus> {
  const deadline = Date.now() + timeoutMs;
  let delay = 200;
  for (;;) {
    const r = await ctx.request({
      method: 'GET',
      path: '/permissions/operations/{referenceNumber}',
      params: { referenceNumber },
    });
    if (r.body.status.code !== 100) return r.body;
    if (Date.now() > deadline) throw new KsefTimeoutError({ message: `Permission operation ${referenceNumber} still running`, referenceNumber });
    await new Promise((res) => setTimeout(res, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

/** Grants entity invoice permissions to another NIP (our provider) in the current context; waits until effective. */
export async function grantEntityPermissions(
  ctx: KsefContext,
  subjectNip: string,
  opts: { permissions?: ('InvoiceWrite' | 'InvoiceRead')[]; fullName: string; description?: string; canDelegate?: boolean },
): Promise<OperationStatus> {
  const r = await ctx.request({
    method: 'POST',
    path: '/permissions/entities/grants',
    json: {
      subjectIdentifier: { type: 'Nip', value: subjectNip },
      permissions: (opts.permissions ?? ['InvoiceWrite', 'InvoiceRead']).map((type) => ({ type, canDelegate: opts.canDelegate ?? false })),
      description: opts.description ?? 'Fakturowanie przez dostawcę',
      subjectDetails: { fullName: opts.fullName },
    },
  });
  return waitForPermissionOperation(ctx, r.body.referenceNumber);
}

export async function revokePermission(ctx: KsefContext, permissionId: string): Promise<OperationStatus> {
  const r = await ctx.request({
    method: 'DELETE',
    path: '/permissions/common/grants/{permissionId}',
    params: { permissionId },
  });
  return waitForPermissionOperation(ctx, r.body.referenceNumber);
}
