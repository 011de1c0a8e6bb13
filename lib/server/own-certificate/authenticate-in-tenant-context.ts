import 'server-only';
import { checkAccess, KsefError, KsefTimeoutError, KsefUnavailableError, type KsefClient, type SigningCredential } from '@/lib/ksef';
import { ksefErrorMessage } from '@/lib/invoices/status-reason';
import { AppError } from '../errors';
import { clientWithCredential } from './client-cache';

export interface LiveTestResult {
  permissions: string[];
  canSend: boolean;
}

/**
 * Authenticates live in the tenant's KSeF context with `credential` (a fresh client: nothing cached
 * before or after) and reads what KSeF grants there. KSeF's refusals become messages on `field`
 * (KSeF's reason a message of its own, rendered in the reader's language); for a personal
 * certificate KSeF itself decides whether that person may act for the tenant.
 */
export async function authenticateInTenantContext(base: KsefClient, credential: SigningCredential, tenantNip: string, field: string): Promise<LiveTestResult> {
  // KSeF does not list owner rights (api-changelog.md): a certificate naming the tenant's NIP owns the context.
  const owner = credential.subjectNip === tenantNip;
  const client = clientWithCredential(base, credential);
  const ctx = client.context(tenantNip);
  client.tokens.drop(ctx.key);
  try {
    const access = await checkAccess(ctx);
    if (!access.authenticated) throw new AppError({ code: 'VALIDATION', messageKey: 'certificates.errors.authNoPermissions', field, params: { nip: tenantNip } });
    return owner ? { permissions: [...new Set(['Owner', ...access.permissions])], canSend: true } : { permissions: access.permissions, canSend: access.canSend };
  } catch (e) {
    if (e instanceof AppError) throw e;
    if (e instanceof KsefUnavailableError || e instanceof KsefTimeoutError) throw new AppError({ code: 'VALIDATION', messageKey: 'certificates.errors.ksefUnreachable', field });
    if (e instanceof KsefError) throw new AppError({ code: 'VALIDATION', messageKey: 'certificates.errors.authRejected', field, params: { reason: ksefErrorMessage(e) } });
    throw e;
  } finally {
    // End the test session and forget its tokens: the stored credential gets its own when used.
    await ctx.logout().catch(() => undefined);
  }
}
