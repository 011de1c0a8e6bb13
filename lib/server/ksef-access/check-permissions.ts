import 'server-only';
import { z } from 'zod';
import {
  checkAccess,
  queryPersonalPermissions,
  KsefCertificateError,
  KsefError,
  KsefPermissionError,
  KsefTimeoutError,
  KsefUnavailableError,
  KsefBadRequestError,
  type KsefClient,
  type KsefContext,
} from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { tenantDb, type TenantDb } from '@/lib/db/tenant-db';
import { requireRole, type Actor } from '../access';
import { recordAudit } from '../audit/record-audit';
import { verificationKsefContext } from '../ksef/gateway';
import { AppError } from '../errors';
import { bindNip, descriptionCarriesCode, nipClaimCode, redactClaimCodes } from '../tenants/nip-claim';
import { OwnCertificateUnavailableError } from '../own-certificate/errors';
import { enqueueTenantSending } from '@/lib/jobs/queue';
import { logger } from '@/lib/logger';

/** The permissions our provider needs in a tenant's context, and what each enables. */
export const NEEDED_PERMISSIONS = ['InvoiceWrite', 'InvoiceRead'] as const;
export type NeededPermission = (typeof NEEDED_PERMISSIONS)[number];

export const CHECK_OUTCOMES = [
  'OK',
  'MISSING',
  'NO_ACCESS',
  'UNREACHABLE',
  'CERTIFICATE_REJECTED',
  'UNKNOWN_CONTEXT',
  // Authenticated and read the grants, but this account has not proven control of the NIP.
  'NIP_UNVERIFIED',
  // Own-certificate mode with no usable certificate (decided locally, no call to KSeF).
  'CERTIFICATE_EXPIRED',
  'CERTIFICATE_MISSING',
] as const;
export type CheckOutcome = (typeof CHECK_OUTCOMES)[number];

const permissionRowSchema = z.object({
  permission: z.enum(NEEDED_PERMISSIONS),
  granted: z.boolean(),
  /** From KSeF's permission record, where KSeF reveals it to us (not for an owner). */
  since: z.string().nullish(),
  description: z.string().nullish(),
});
export type PermissionRow = z.infer<typeof permissionRowSchema>;

/**
 * A check's result, also stored as KsefPermissionCheck.result (JSON) and read back through this
 * schema (latestPermissionCheck): sending and the settings page rely on `outcome` and `rows`.
 */
const permissionCheckResultSchema = z.object({
  outcome: z.enum(CHECK_OUTCOMES),
  checkedAt: z.string(),
  rows: z.array(permissionRowSchema),
  /** KSeF's own words, for the audit log and support (never secrets). */
  ksefCode: z.union([z.string(), z.number()]).optional(),
  detail: z.string().optional(),
  /** Whose certificate was used: our provider's (delegated) or the tenant's own. */
  mode: z.enum(['DELEGATED', 'OWN_CERTIFICATE']).optional(),
  /** This check proved control of the NIP (a grant carried the claim's code, or the own certificate). */
  nipVerifiedNow: z.boolean().optional(),
  /** Verified, but another account of ours took over the NIP with a newer proof. */
  supersededTenantIds: z.array(z.string()).optional(),
});
export type PermissionCheckResult = z.infer<typeof permissionCheckResultSchema>;

/**
 * A stored check read back. One that does not parse (written by hand, or by a version with another
 * shape) counts as no check: the next live check replaces it, and sending re-checks before every
 * batch anyway. Logged with paths and rules, not values.
 */
export function parseStoredPermissionCheck(tenantId: string, stored: unknown): PermissionCheckResult | null {
  const r = permissionCheckResultSchema.safeParse(stored);
  if (r.success) return r.data;
  logger.warn({ tenantId, problems: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`) }, 'stored permission check does not parse; ignored');
  return null;
}

function classify(e: unknown): { outcome: CheckOutcome; ksefCode?: string | number; detail?: string } {
  if (e instanceof KsefPermissionError) return { outcome: 'NO_ACCESS', ksefCode: e.ksefCode, detail: e.message };
  if (e instanceof KsefCertificateError) return { outcome: 'CERTIFICATE_REJECTED', ksefCode: e.ksefCode, detail: e.message };
  if (e instanceof KsefUnavailableError || e instanceof KsefTimeoutError) return { outcome: 'UNREACHABLE', ksefCode: e.ksefCode, detail: e.message };
  if (e instanceof KsefBadRequestError && [21117, 21405].includes(Number(e.ksefCode))) return { outcome: 'UNKNOWN_CONTEXT', ksefCode: e.ksefCode, detail: e.message };
  if (e instanceof KsefError) return { outcome: e.retryable ? 'UNREACHABLE' : 'CERTIFICATE_REJECTED', ksefCode: e.ksefCode, detail: e.message };
  // fetch failures (connection refused, DNS) surface as TypeError from undici.
  return { outcome: 'UNREACHABLE', detail: e instanceof Error ? e.message : String(e) };
}

/**
 * Live check: authenticate in the tenant's context (with our provider certificate, or the tenant's own
 * in own-certificate mode) and read what is held there (ksef-protocol.md §14 item 5). Stored with its time; when InvoiceWrite has appeared,
 * invoices held for it are released to the sending queue.
 */
export async function checkTenantPermissions(tenantId: string, opts: { triggeredBy?: string | null; client?: KsefClient } = {}): Promise<PermissionCheckResult> {
  const tenant = await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { nip: true, ksefAccessMode: true, nipVerifiedAt: true, nipClaimNonce: true } });
  const mode = tenant.ksefAccessMode;
  const checkedAt = new Date();
  let result: PermissionCheckResult;
  let ctx: KsefContext | undefined;
  try {
    // Own-certificate mode: the tenant's certificate is what KSeF sees (and what must be checked).
    // The one call allowed before the NIP is verified: it authenticates and reads only our grants.
    ctx = await verificationKsefContext({ id: tenantId, nip: tenant.nip }, opts.client);
  } catch (e) {
    if (!(e instanceof OwnCertificateUnavailableError)) throw e;
    result = {
      outcome: e.reason === 'EXPIRED' ? 'CERTIFICATE_EXPIRED' : 'CERTIFICATE_MISSING',
      checkedAt: checkedAt.toISOString(),
      rows: NEEDED_PERMISSIONS.map((p) => ({ permission: p, granted: false })),
      detail: e.notAfter?.toISOString(),
      mode,
    };
  }
  // KSeF does not list owner rights (api-changelog.md: PersonalPermissionScope.Owner removed): a tenant
  // certificate naming the tenant's own NIP (seal VATPL or personal TINPL) is the owner of that context.
  const ownerByCertificate =
    mode === 'OWN_CERTIFICATE' && Boolean(await tenantDb(tenantId).ownCertificate.findFirst({ where: { identifierType: 'NIP', identifierValue: tenant.nip }, select: { tenantId: true } }));
  if (ctx) {
    try {
      // A fresh answer: drop cached tokens so a revocation is seen now, not when they expire.
      ctx.client.tokens.drop(ctx.key);
      const access = await checkAccess(ctx);
      if (!access.authenticated) {
        result = {
          outcome: 'NO_ACCESS',
          checkedAt: checkedAt.toISOString(),
          rows: NEEDED_PERMISSIONS.map((p) => ({ permission: p, granted: false })),
          ksefCode: access.error?.ksefCode,
          detail: access.error?.message,
        };
      } else {
        // Since when, and the grant's description, where KSeF lists it (best effort: a missing list is no error).
        const records = await queryPersonalPermissions(ctx, { permissionState: 'Active', contextIdentifier: { type: 'Nip', value: tenant.nip } }).catch(() => []);
        const rows = NEEDED_PERMISSIONS.map((p) => {
          const record = records.find((r) => r.permissionScope === p);
          return {
            permission: p,
            granted: access.permissions.includes(p) || access.permissions.includes('Owner') || ownerByCertificate,
            since: record?.startDate ?? null,
            description: redactClaimCodes(record?.description),
          };
        });
        let verified = tenant.nipVerifiedAt !== null;
        let proof: { nipVerifiedNow?: boolean; supersededTenantIds?: string[] } = {};
        if (!verified) {
          // Proof of control: our own grant in this context carries this claim's code, or the company's
          // own certificate (naming its NIP) just signed in here.
          const code = nipClaimCode({ id: tenantId, nipClaimNonce: tenant.nipClaimNonce });
          const byGrant = records.some((r) => (NEEDED_PERMISSIONS as readonly string[]).includes(r.permissionScope) && descriptionCarriesCode(r.description, code));
          const method = ownerByCertificate ? 'OWN_CERTIFICATE' : byGrant ? 'GRANT_CODE' : null;
          if (method) {
            const bound = await bindNip(tenantId, method, { userId: opts.triggeredBy });
            verified = true;
            proof = { nipVerifiedNow: bound.bound, supersededTenantIds: bound.bound && bound.supersededTenantIds.length ? bound.supersededTenantIds : undefined };
          }
        }
        const outcome: CheckOutcome = !verified ? 'NIP_UNVERIFIED' : rows.every((r) => r.granted) ? 'OK' : 'MISSING';
        result = { outcome, checkedAt: checkedAt.toISOString(), rows, ...proof };
      }
    } catch (e) {
      const c = classify(e);
      result = { ...c, checkedAt: checkedAt.toISOString(), rows: [] };
    }
  }
  result = { ...result!, mode };
  const db = tenantDb(tenantId);
  await db.ksefPermissionCheck.create({ data: { tenantId, checkedAt, outcome: result.outcome, result: result as unknown as object } });
  await recordAudit(
    { tenantId, userId: opts.triggeredBy },
    { action: 'ksef.permissions.check', result: result.outcome, details: { ksefCode: result.ksefCode ?? null, granted: result.rows.filter((r) => r.granted).map((r) => r.permission) } },
  );
  if (canSend(result)) {
    // The grant is there: release what was held for it.
    await db.$transaction(async (tx) => {
      const released = await tx.invoice.updateMany({ where: { status: 'WAITING_FOR_PERMISSION' }, data: { status: 'QUEUED', statusReason: null, statusParams: {} } });
      if (released.count > 0) await enqueueTenantSending(tx, tenantId);
    });
  }
  return result;
}

export const canSend = (r: Pick<PermissionCheckResult, 'outcome' | 'rows'>) => r.outcome !== 'NIP_UNVERIFIED' && r.rows.some((row) => row.permission === 'InvoiceWrite' && row.granted);

/** Each live check is a fresh KSeF sign-in in the company's context: one per company per this long. */
export const CHECK_COOLDOWN_MS = 30_000;

/** "Sprawdź uprawnienia" from account settings (any member may look; the result is per tenant). */
export async function checkPermissions(actor: Actor) {
  const { db } = await requireRole(actor, 'VIEWER');
  // Any member may look, but not make us sign in to KSeF without limit (KSeF limits us per context).
  const last = await db.ksefPermissionCheck.findFirst({ orderBy: { checkedAt: 'desc' }, select: { checkedAt: true } });
  const wait = last ? last.checkedAt.getTime() + CHECK_COOLDOWN_MS - Date.now() : 0;
  if (wait > 0) throw new AppError({ code: 'RATE_LIMITED', messageKey: 'errors.ksefCheckCooldown', params: { seconds: Math.ceil(wait / 1000) } });
  return checkTenantPermissions(actor.tenantId, { triggeredBy: actor.userId });
}

/** The latest stored check of a tenant (the one reader of stored checks). */
export async function latestPermissionCheck(db: TenantDb): Promise<PermissionCheckResult | null> {
  const last = await db.ksefPermissionCheck.findFirst({ orderBy: { checkedAt: 'desc' }, select: { tenantId: true, result: true } });
  return last ? parseStoredPermissionCheck(last.tenantId, last.result) : null;
}

export async function getLatestPermissionCheck(actor: Actor): Promise<PermissionCheckResult | null> {
  const { db } = await requireRole(actor, 'VIEWER');
  return latestPermissionCheck(db);
}
