import { beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { tenantDb, TenantScopeError } from '@/lib/db/tenant-db';
import { AppError } from '@/lib/server/errors';
import type { Actor } from '@/lib/server/access';
import { createContractor, updateContractor } from '@/lib/server/contractors/save-contractor';
import { deleteContractor } from '@/lib/server/contractors/delete-contractor';
import { getContractor, listContractors } from '@/lib/server/contractors/list-contractors';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { inviteMember } from '@/lib/server/members/invite-member';
import { listMembers } from '@/lib/server/members/list-members';
import { revokeInvitation } from '@/lib/server/members/revoke-invitation';
import { getTenant } from '@/lib/server/tenants/get-tenant';
import { updateTenant } from '@/lib/server/tenants/update-tenant';
import { addMember, createTenantWithOwner } from '../../support/factories';

async function expectCode(p: Promise<unknown>, code: AppError['code']) {
  await expect(p).rejects.toSatisfy((e: unknown) => e instanceof AppError && e.code === code);
}

const contractor = (name: string, nip: string) => ({ kind: 'PL_COMPANY', nip, name, addressLine1: 'ul. Testowa 1', addressLine2: '00-001 Warszawa' });

describe('tenant isolation: a member of A cannot read or change anything of B', () => {
  let a: Actor;
  let b: Actor;
  let bContractorId: string;
  let bInvoiceId: string;
  let bInvitationId: string;

  beforeAll(async () => {
    a = (await createTenantWithOwner('Firma A')).actor;
    const tb = await createTenantWithOwner('Firma B');
    b = tb.actor;
    bContractorId = (await createContractor(b, contractor('Klient B', '5265877635'))).id;
    bInvitationId = (await inviteMember(b, { email: 'ktos@example.com', role: 'VIEWER' })).id;
    const invoice = await rawDb().invoice.create({
      data: { tenantId: b.tenantId, number: 'FV/1/11/2026', issueDate: new Date('2026-11-24'), buyerName: 'Klient B', model: {}, totalNet: '100.00', totalVat: '23.00', totalGross: '123.00' },
    });
    bInvoiceId = invoice.id;
  });

  it('lists show only the own tenant', async () => {
    expect((await listContractors(a)).map((c) => c.id)).not.toContain(bContractorId);
    expect((await listInvoices(a, {})).rows.map((r) => r.id)).not.toContain(bInvoiceId);
    const members = await listMembers(a);
    expect(members.members).toHaveLength(1);
    expect(members.invitations.map((i) => i.id)).not.toContain(bInvitationId);
  });

  it("B's ids in hand: reads, updates and deletes answer NOT_FOUND and change nothing", async () => {
    await expectCode(getContractor(a, bContractorId), 'NOT_FOUND');
    await expectCode(updateContractor(a, bContractorId, contractor('Przejęty', '5265877635')), 'NOT_FOUND');
    await expectCode(deleteContractor(a, bContractorId), 'NOT_FOUND');
    await expectCode(revokeInvitation(a, bInvitationId), 'NOT_FOUND');
    // A malformed id is a 404 as well, not a 500.
    await expectCode(revokeInvitation(a, `${bInvitationId}'; --`), 'NOT_FOUND');
    const still = await rawDb().contractor.findUniqueOrThrow({ where: { id: bContractorId } });
    expect(still.name).toBe('Klient B');
    expect((await rawDb().invitation.findUniqueOrThrow({ where: { id: bInvitationId } })).revokedAt).toBeNull();
  });

  it("claiming B's tenant id as the actor's tenant is refused (membership is checked in the database)", async () => {
    const forged: Actor = { userId: a.userId, tenantId: b.tenantId };
    await expectCode(getTenant(forged), 'NOT_FOUND');
    await expectCode(listContractors(forged), 'NOT_FOUND');
    await expectCode(listInvoices(forged, {}), 'NOT_FOUND');
    await expectCode(updateTenant(forged, { name: 'Przejęta' }), 'NOT_FOUND');
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: b.tenantId } })).name).toBe('Firma B');
  });

  it('the scoped data layer adds the tenant to every query and refuses cross-tenant writes', async () => {
    const db = tenantDb(a.tenantId);
    expect(await db.invoice.findUnique({ where: { id: bInvoiceId } })).toBeNull();
    expect(await db.invoice.findFirst({ where: { id: bInvoiceId } })).toBeNull();
    expect((await db.invoice.updateMany({ where: { id: bInvoiceId }, data: { buyerName: 'x' } })).count).toBe(0);
    expect((await db.invoice.deleteMany({ where: { id: bInvoiceId } })).count).toBe(0);
    expect(await db.invoice.count({ where: { id: bInvoiceId } })).toBe(0);
    await expect(db.contractor.create({ data: { tenantId: b.tenantId, name: 'X' } })).rejects.toBeInstanceOf(TenantScopeError);
    await expect(db.contractor.updateMany({ where: {}, data: { tenantId: b.tenantId } as never })).rejects.toBeInstanceOf(TenantScopeError);
    // Platform tables are not reachable through a tenant handle at all.
    await expect(db.user.findMany()).rejects.toBeInstanceOf(TenantScopeError);
    // A row created through A's handle belongs to A whatever the caller forgot.
    const created = await db.contractor.create({ data: { name: 'Bez tenantId' } as never });
    expect((await rawDb().contractor.findUniqueOrThrow({ where: { id: created.id } })).tenantId).toBe(a.tenantId);
  });
});

describe('roles are enforced', () => {
  it('a VIEWER can read but cannot write; an ACCOUNTANT cannot manage users; an OWNER can', async () => {
    const { actor: owner } = await createTenantWithOwner();
    const viewer = await addMember(owner.tenantId, 'VIEWER');
    const accountant = await addMember(owner.tenantId, 'ACCOUNTANT');
    await expect(listContractors(viewer)).resolves.toEqual([]);
    await expectCode(createContractor(viewer, contractor('X', '5213012343')), 'FORBIDDEN');
    await expectCode(inviteMember(accountant, { email: 'a@example.com', role: 'VIEWER' }), 'FORBIDDEN');
    await expectCode(updateTenant(accountant, { name: 'Nowa nazwa' }), 'FORBIDDEN');
    await expect(createContractor(accountant, contractor('Klient', '5213012343'))).resolves.toHaveProperty('id');
    await expect(inviteMember(owner, { email: 'b@example.com', role: 'ACCOUNTANT' })).resolves.toHaveProperty('token');
  });

  it('a removed member loses access at once', async () => {
    const { actor: owner } = await createTenantWithOwner();
    const accountant = await addMember(owner.tenantId, 'ACCOUNTANT');
    await rawDb().membership.deleteMany({ where: { userId: accountant.userId, tenantId: owner.tenantId } });
    await expectCode(listContractors(accountant), 'NOT_FOUND');
  });
});
