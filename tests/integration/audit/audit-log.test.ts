import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { translator } from '@/lib/i18n';
import { AUDIT_ACTIONS } from '@/lib/server/audit/actions';
import { describeAuditEvent } from '@/lib/server/audit/describe-audit-event';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { recordAudit } from '@/lib/server/audit/record-audit';
import { setOwnCertificateAllowed } from '@/lib/server/admin/set-own-certificate-allowed';
import { changeMemberRole } from '@/lib/server/members/manage-members';
import { addMember, createTenantWithOwner } from '../../support/factories';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
import type { Actor } from '@/lib/server/access';

const pl = translator('pl');
const en = translator('en');

async function viewOf(actor: Actor, query: Record<string, string> = {}, t = pl) {
  const log = await listAuditEvents(actor, query);
  return { log, views: log.rows.map((r) => describeAuditEvent(t, t === pl ? 'pl' : 'en', r)) };
}
const textOf = (v: ReturnType<typeof describeAuditEvent>) => [v.who, v.title, v.result.label, ...v.details.flatMap((d) => [d.label, d.value])].join(' | ');
const CODE = /\b(?:invoice|ksef|tenant|certificate|admin|member|purchases)\.[a-zA-Z_.]+\b|\b(?:OK|MISSING|NO_ACCESS|ALLOWED|DISALLOWED|ADMIN)\b/;

async function platformAdmin() {
  return rawDb().user.create({ data: { email: `admin-${crypto.randomUUID()}@example.com`, passwordHash: 'not-used', isPlatformAdmin: true } });
}

describe('audit log', () => {
  it('every action a writer in lib/server stores is listed (and so translated)', () => {
    const files = fs.readdirSync('lib/server', { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const listed = new Set<string>(AUDIT_ACTIONS);
    const found: string[] = [];
    for (const f of files) {
      const src = fs.readFileSync(path.join('lib/server', f), 'utf8');
      for (const m of src.matchAll(/action: (?:mostUrgent === 0 \? )?'([a-z][\w.]*)'(?: : '([a-z][\w.]*)')?/g)) found.push(...[m[1], m[2]].filter((x): x is string => Boolean(x)));
      for (const m of src.matchAll(/action: `([a-z][\w.]*)\$\{/g))
        expect(
          AUDIT_ACTIONS.some((a) => a.startsWith(m[1]!)),
          `${f}: ${m[1]}…`,
        ).toBe(true);
    }
    expect(found.length).toBeGreaterThan(15);
    expect(found.filter((a) => !listed.has(a))).toEqual([]);
  });

  it('shows words, not codes: the invoice by number, the admin by name with the reason, the member changed', async () => {
    const { actor, buyerId } = await createIssuingTenant();
    const invoiceId = await issueNewInvoice(actor, buyerId);
    const number = (await rawDb().invoice.findUniqueOrThrow({ where: { id: invoiceId } })).number!;
    await recordAudit(actor, { action: 'ksef.permissions.check', result: 'MISSING', details: { ksefCode: null, granted: ['InvoiceRead'] } });
    const admin = await platformAdmin();
    await setOwnCertificateAllowed(admin.id, { tenantId: actor.tenantId, allowed: true, reason: 'Wniosek klienta z 3.12.2026' });
    const accountant = await addMember(actor.tenantId, 'ACCOUNTANT');
    const membership = await rawDb().membership.findUniqueOrThrow({ where: { userId_tenantId: { userId: accountant.userId, tenantId: actor.tenantId } } });
    await changeMemberRole(actor, { membershipId: membership.id, role: 'VIEWER' });
    const accountantEmail = (await rawDb().user.findUniqueOrThrow({ where: { id: accountant.userId } })).email;

    const { views } = await viewOf(actor);
    for (const v of views) expect(textOf(v)).not.toMatch(CODE);

    const issued = views.find((v) => v.title === 'Wystawiono fakturę')!;
    expect(issued.details).toContainEqual({ label: 'Faktura', value: number, href: `/invoices/${invoiceId}` });

    const allowed = views.find((v) => v.title === 'Zgoda na tryb własnego certyfikatu')!;
    expect(allowed.who).toBe(`Administrator platformy (${admin.email})`);
    expect(allowed.details).toContainEqual({ label: 'Powód podany przez administratora', value: 'Wniosek klienta z 3.12.2026' });
    expect(allowed.result).toEqual({ label: 'Zezwolono', tone: 'ok' });

    const check = views.find((v) => v.title === 'Sprawdzenie uprawnień w KSeF')!;
    expect(check.details.find((d) => d.label === 'Brakujące uprawnienia')?.value).toMatch(/wystawian/i);
    expect(check.result.tone).toBe('warn');

    const role = views.find((v) => v.title === 'Zmieniono rolę użytkownika')!;
    expect(role.details).toContainEqual({ label: 'Użytkownik', value: accountantEmail });
    expect(role.details.find((d) => d.label === 'Zmiana roli')?.value).toMatch(/→/);

    // The fixture's NIP was bound by an admin without a named user: still an admin, not a deleted user.
    expect(views.find((v) => v.title === 'Potwierdzono NIP firmy')?.who).toBe('Administrator platformy');
    expect(views.map((v) => v.who)).not.toContain('Użytkownik usunięty');

    // The same log in English.
    const english = (await viewOf(actor, {}, en)).views;
    expect(english.find((v) => v.details.some((d) => d.value === number))?.title).not.toBe('Wystawiono fakturę');
  });

  it("lists only the caller's company, filters by kind and by Polish calendar day, and only for owners", async () => {
    const a = await createTenantWithOwner('Firma A');
    const b = await createTenantWithOwner('Firma B');
    await recordAudit(b.actor, { action: 'purchases.sync.request', result: 'QUEUED', details: {} });
    await recordAudit(a.actor, { action: 'ksef.simulation.set', result: 'OK', details: { permissions: [] } });
    const { log } = await viewOf(a.actor);
    expect(log.rows.map((r) => r.action).sort()).toEqual(['ksef.simulation.set', 'tenant.nip.verified']);

    expect((await viewOf(a.actor, { category: 'permissions' })).log.total).toBe(2);
    expect((await viewOf(a.actor, { category: 'purchases' })).log.total).toBe(0);
    expect((await viewOf(a.actor, { category: 'nonsense' })).log.total).toBe(2);

    // 23:30 UTC on 29 March 2025 is 00:30 on the 30th in Warsaw (the night the clocks go forward): it belongs to the 30th.
    const late = await rawDb().auditEvent.create({ data: { tenantId: a.actor.tenantId, action: 'member.left', result: 'OK', details: {}, createdAt: new Date('2025-03-29T23:30:00Z') } });
    expect((await viewOf(a.actor, { from: '2025-03-30', to: '2025-03-30' })).log.rows.map((r) => r.id)).toEqual([late.id]);
    expect((await viewOf(a.actor, { from: '2025-03-29', to: '2025-03-29' })).log.rows).toEqual([]);

    const viewer = await addMember(a.actor.tenantId, 'ACCOUNTANT');
    await expect(listAuditEvents(viewer, {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
