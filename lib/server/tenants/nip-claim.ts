import 'server-only';
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { rawDb } from '@/lib/db/client';
import type { NipVerificationMethod } from '@/lib/db/client';
import { config } from '@/lib/config';

/**
 * A company account is a *claim* of a NIP until it proves control of it (docs/security.md). The
 * default proof: the company's owner, granting our NIP in KSeF, puts this claim's one-time code in
 * the grant's description („Opis”); our permission check reads it back from KSeF.
 *
 * The code is an HMAC of the claim (tenant id + a random nonce) under a key derived from AUTH_SECRET:
 * nothing secret is stored, and a code is useless for any other claim. 80 bits (16 characters of
 * Crockford base32), formatted KSEF-XXXX-XXXX-XXXX-XXXX so that it survives being typed into KSeF.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_PATTERN = /KSEF-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}/g;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

export function nipClaimCode(claim: { id: string; nipClaimNonce: string }): string {
  const key = createHmac('sha256', config().AUTH_SECRET).update('ksef-faktury/nip-claim-key/v1').digest();
  const mac = createHmac('sha256', key).update(`${claim.id}|${claim.nipClaimNonce}`).digest();
  const chars = base32(mac.subarray(0, 10));
  return `KSEF-${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}-${chars.slice(12, 16)}`;
}

/** Does this grant description carry exactly this code? (Case and spacing as a person may type it.) */
export function descriptionCarriesCode(description: string | null | undefined, code: string): boolean {
  if (!description) return false;
  const expected = Buffer.from(code);
  for (const found of normalise(description).match(CODE_PATTERN) ?? []) {
    const got = Buffer.from(found);
    if (got.length === expected.length && timingSafeEqual(got, expected)) return true;
  }
  return false;
}

function normalise(text: string): string {
  // Crockford base32 reads I/L as 1 and O as 0; KSeF's form may have added spaces around dashes.
  return text
    .toUpperCase()
    .replace(/\s*-\s*/g, '-')
    .replace(/KSEF-([0-9A-Z-]{19})/g, (_m, rest: string) => `KSEF-${rest.replace(/[IL]/g, '1').replace(/O/g, '0')}`);
}

/** Grant descriptions are stored and shown; the codes in them are not (another claim's code included). */
export function redactClaimCodes(description: string | null | undefined): string | null {
  if (description == null) return null;
  return normalise(description).match(CODE_PATTERN) ? description.replace(/KSEF(\s*-\s*[0-9A-Za-z]{4}){4}/gi, 'KSEF-••••') : description;
}

export const newClaimNonce = () => randomBytes(16).toString('hex');

export type BindOutcome = { bound: true; supersededTenantIds: string[] } | { bound: false; reason: 'ALREADY_VERIFIED' };

/**
 * Binds the NIP to this claim. Racing claims of one NIP are serialised on their rows (FOR UPDATE),
 * and the partial unique index allows one verified binding per NIP whatever happens here.
 *
 * A later proof takes over an earlier binding: only the company can put a code into its own KSeF
 * grant, so a new code there is the company saying "this account now". The earlier account drops to
 * unverified (its sending waits; its nonce is replaced so the old code still sitting in an old grant
 * cannot take the NIP back); the new claim's code is consumed the same way.
 */
export async function bindNip(tenantId: string, method: NipVerificationMethod, audit: { userId?: string | null; reason?: string }): Promise<BindOutcome> {
  return rawDb().$transaction(async (tx) => {
    const self = await tx.tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { nip: true } });
    const rows = await tx.$queryRaw<{ id: string; nipVerifiedAt: Date | null }[]>`
      SELECT id, "nipVerifiedAt" FROM "Tenant" WHERE nip = ${self.nip} ORDER BY id FOR UPDATE`;
    if (rows.find((r) => r.id === tenantId)?.nipVerifiedAt) return { bound: false, reason: 'ALREADY_VERIFIED' } as const;
    const superseded = rows.filter((r) => r.id !== tenantId && r.nipVerifiedAt).map((r) => r.id);
    for (const id of superseded) {
      await tx.tenant.update({ where: { id }, data: { nipVerifiedAt: null, nipVerifiedBy: null, nipClaimNonce: newClaimNonce() } });
      await tx.auditEvent.create({ data: { tenantId: id, action: 'tenant.nip.superseded', result: 'OK', details: { byTenantId: tenantId, method } } });
    }
    await tx.tenant.update({ where: { id: tenantId }, data: { nipVerifiedAt: new Date(), nipVerifiedBy: method, nipClaimNonce: newClaimNonce() } });
    await tx.auditEvent.create({
      data: {
        tenantId,
        actorUserId: audit.userId ?? null,
        action: 'tenant.nip.verified',
        result: method,
        details: { supersededTenantIds: superseded, ...(audit.reason ? { reason: audit.reason } : {}) },
      },
    });
    return { bound: true, supersededTenantIds: superseded } as const;
  });
}
