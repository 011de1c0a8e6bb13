import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { KsefClient } from '@/lib/ksef';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { sendTenantInvoices } from '@/lib/server/invoices/send-tenant-invoices';
import { checkPermissions, checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { requestPurchaseSync } from '@/lib/server/purchases/request-sync';
import { syncTenantPurchases } from '@/lib/server/purchases/sync-purchases';
import { bindNip, nipClaimCode } from '@/lib/server/tenants/nip-claim';
import { AppError } from '@/lib/server/errors';
import { verifyNipByAdmin } from '@/lib/server/admin/verify-nip';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
import { createTenantWithOwner } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;
let client: KsefClient;

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  client = provider.client();
});
afterAll(async () => env?.close());

/**
 * The company's owner grants our NIP in KSeF, with whatever they typed into „Opis”. A permission that
 * exists is not granted twice (its description stays), so a new description means revoke + grant.
 */
async function grant(nip: string, description: string) {
  await env.admin('POST', '/revoke', { contextNip: nip, subjectNip: provider.nip });
  await env.admin('POST', '/grants', { contextNip: nip, subjectNip: provider.nip, permissions: ['InvoiceWrite', 'InvoiceRead'], description });
}
const codeOf = async (tenantId: string) => nipClaimCode(await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { id: true, nipClaimNonce: true } }));
const verifiedAt = async (tenantId: string) => (await rawDb().tenant.findUniqueOrThrow({ where: { id: tenantId } })).nipVerifiedAt;

describe('a NIP is a claim until its control is proven', () => {
  it('a stranger who typed a granted NIP reads no invoice data and sends nothing; the right code then binds it', async () => {
    // Company C granted our NIP long ago (a real owner, some other account's code or none at all).
    const stranger = await createIssuingTenant('Obcy', { verified: false });
    await grant(stranger.nip, 'Dla KSeF Faktury');

    const check = await checkTenantPermissions(stranger.actor.tenantId, { client });
    expect(check.outcome).toBe('NIP_UNVERIFIED');
    expect(await verifiedAt(stranger.actor.tenantId)).toBeNull();

    // Sending: held with the reason, not one submission made.
    const id = await issueNewInvoice(stranger.actor, stranger.buyerId, { lines: [{ name: 'Usługa', quantity: '1', unit: 'szt.', unitPrice: '99999,00', vatRate: '23' }] });
    expect(await sendInvoice(stranger.actor, id)).toEqual({ status: 'WAITING_FOR_PERMISSION' });
    await rawDb().invoice.update({ where: { id }, data: { status: 'QUEUED' } }); // even if it got queued somehow
    expect((await sendTenantInvoices(stranger.actor.tenantId, { client })).held).toBe(1);
    const held = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
    expect(held).toMatchObject({ status: 'WAITING_FOR_PERMISSION', ksefNumber: null });
    expect(held.statusReason).toBe('HELD_NIP_UNVERIFIED');
    expect(await rawDb().ksefSubmission.count({ where: { invoiceId: id } })).toBe(0);

    // Receiving: refused in the UI path, paused in the job path, nothing stored.
    const refused = await requestPurchaseSync(stranger.actor).catch((e) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect(refused.messageKey).toBe('errors.nipUnverified');
    const run = await syncTenantPurchases(stranger.actor.tenantId, { client, trigger: 'MANUAL' });
    expect(run).toMatchObject({ status: 'PAUSED' });
    expect(await rawDb().receivedInvoice.count({ where: { tenantId: stranger.actor.tenantId } })).toBe(0);

    // A wrong code (another claim's) proves nothing.
    const other = await createTenantWithOwner('Inny', { verified: false });
    await grant(stranger.nip, `Kod: ${await codeOf(other.actor.tenantId)}`);
    expect((await checkTenantPermissions(stranger.actor.tenantId, { client })).outcome).toBe('NIP_UNVERIFIED');

    // The company's owner puts this claim's code into the grant (typed sloppily): bound, and the held invoice goes out.
    const code = await codeOf(stranger.actor.tenantId);
    await grant(stranger.nip, `kod potwierdzenia: ${code.toLowerCase().replace(/-/g, ' - ')}`);
    const proven = await checkTenantPermissions(stranger.actor.tenantId, { client, triggeredBy: stranger.actor.userId });
    expect(proven).toMatchObject({ outcome: 'OK', nipVerifiedNow: true });
    expect(await rawDb().tenant.findUniqueOrThrow({ where: { id: stranger.actor.tenantId } })).toMatchObject({ nipVerifiedBy: 'GRANT_CODE' });
    // The code is never stored or shown back, not even in the saved check.
    const stored = await rawDb().ksefPermissionCheck.findMany({ where: { tenantId: stranger.actor.tenantId } });
    expect(JSON.stringify(stored)).not.toMatch(new RegExp(code.slice(5, 9), 'i'));
    const ev = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: stranger.actor.tenantId, action: 'tenant.nip.verified' } });
    expect(ev).toMatchObject({ result: 'GRANT_CODE', actorUserId: stranger.actor.userId });
    // A code works once: the claim's nonce was replaced.
    expect(await codeOf(stranger.actor.tenantId)).not.toBe(code);
    for (let i = 0; i < 5 && (await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status !== 'ACCEPTED'; i++)
      await sendTenantInvoices(stranger.actor.tenantId, { client, statusTimeoutMs: 5_000 });
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id } })).status).toBe('ACCEPTED');
  });

  it('a later proof takes the NIP over; the earlier account drops to unverified and its old code cannot take it back', async () => {
    const first = await createIssuingTenant('Pierwszy', { verified: false });
    const firstCode = await codeOf(first.actor.tenantId);
    await grant(first.nip, firstCode);
    expect((await checkTenantPermissions(first.actor.tenantId, { client })).outcome).toBe('OK');

    const second = await createTenantWithOwner('Drugi', { verified: false, nip: first.nip });
    await grant(first.nip, await codeOf(second.actor.tenantId));
    const r = await checkTenantPermissions(second.actor.tenantId, { client });
    expect(r).toMatchObject({ outcome: 'OK', supersededTenantIds: [first.actor.tenantId] });
    expect(await verifiedAt(first.actor.tenantId)).toBeNull();
    expect(await rawDb().auditEvent.count({ where: { tenantId: first.actor.tenantId, action: 'tenant.nip.superseded' } })).toBe(1);

    // The first account's sending now waits.
    const id = await issueNewInvoice(first.actor, first.buyerId);
    expect(await sendInvoice(first.actor, id)).toEqual({ status: 'WAITING_FOR_PERMISSION' });
    // Its old code, still in an old grant, proves nothing any more.
    await grant(first.nip, firstCode);
    expect((await checkTenantPermissions(first.actor.tenantId, { client })).outcome).toBe('NIP_UNVERIFIED');
    expect(await verifiedAt(second.actor.tenantId)).not.toBeNull();
  });

  it('two claims racing to bind one NIP: exactly one binding at any moment', async () => {
    const a = await createTenantWithOwner('Firma A', { verified: false });
    const b = await createTenantWithOwner('Firma B', { verified: false, nip: a.nip });
    const c = await createTenantWithOwner('Firma C', { verified: false, nip: a.nip });
    await Promise.all([a, b, c].map((t) => bindNip(t.actor.tenantId, 'GRANT_CODE', {})));
    expect(await rawDb().tenant.count({ where: { nip: a.nip, nipVerifiedAt: { not: null } } })).toBe(1);
    // And the database itself refuses a second binding, whatever code path tries it.
    const unbound = (await rawDb().tenant.findMany({ where: { nip: a.nip, nipVerifiedAt: null } }))[0]!;
    await expect(rawDb().tenant.update({ where: { id: unbound.id }, data: { nipVerifiedAt: new Date(), nipVerifiedBy: 'ADMIN' } })).rejects.toThrow();
  });

  it('the live check from settings: one per company per 30 s, whoever clicks', async () => {
    const t = await createTenantWithOwner();
    await grant(t.nip, 'x');
    await checkTenantPermissions(t.actor.tenantId, { client });
    // Refused before any KSeF call (this process has no provider credential of its own to make one).
    const again = await checkPermissions(t.actor).catch((e) => e);
    expect(again).toBeInstanceOf(AppError);
    expect(again).toMatchObject({ code: 'RATE_LIMITED', messageKey: 'errors.ksefCheckCooldown' });
    expect(again.params?.seconds).toBeGreaterThan(0);
    expect(again.params?.seconds).toBeLessThanOrEqual(30);
  });

  it('a platform admin may bind a NIP by hand, with a reason; nobody else may', async () => {
    const t = await createIssuingTenant('Firma Ręczna', { verified: false });
    const held = await issueNewInvoice(t.actor, t.buyerId);
    expect(await sendInvoice(t.actor, held)).toEqual({ status: 'WAITING_FOR_PERMISSION' });
    const owner = await verifyNipByAdmin(t.actor.userId, { tenantId: t.actor.tenantId, reason: 'Dokumenty KRS' }).catch((e) => e);
    expect(owner).toMatchObject({ code: 'FORBIDDEN' });
    const admin = await rawDb().user.create({ data: { email: `admin-${t.nip}@example.com`, passwordHash: 'not-used', isPlatformAdmin: true } });
    const noReason = await verifyNipByAdmin(admin.id, { tenantId: t.actor.tenantId, reason: ' ' }).catch((e) => e);
    expect(JSON.stringify(noReason.issues)).toContain('adminTenants.reasonRequired');
    expect(await verifiedAt(t.actor.tenantId)).toBeNull();
    await verifyNipByAdmin(admin.id, { tenantId: t.actor.tenantId, reason: 'Dokumenty KRS' });
    expect(await rawDb().tenant.findUniqueOrThrow({ where: { id: t.actor.tenantId } })).toMatchObject({ nipVerifiedBy: 'ADMIN' });
    // What waited for the proof is queued again (the sending run re-checks KSeF's permissions).
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: held } })).status).toBe('QUEUED');
    const ev = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: t.actor.tenantId, action: 'tenant.nip.verified' } });
    expect(ev).toMatchObject({ actorUserId: admin.id, result: 'ADMIN', details: expect.objectContaining({ reason: 'Dokumenty KRS' }) });
    expect(await verifyNipByAdmin(admin.id, { tenantId: t.actor.tenantId, reason: 'Drugi raz' }).catch((e) => e)).toMatchObject({ messageKey: 'adminTenants.nipAlreadyVerified' });
  });
});
