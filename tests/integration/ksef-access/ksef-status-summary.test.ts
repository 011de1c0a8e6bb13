import { beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { Actor } from '@/lib/server/access';
import { getKsefAccess } from '@/lib/server/ksef-access/get-ksef-access';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { createTenantWithOwner } from '../../support/factories';

async function holdInvoices(tenantId: string, count: number) {
  await rawDb().$executeRaw`
    INSERT INTO "Invoice" (id, "tenantId", number, kind, status, "issueDate", currency, "buyerName", model, "totalNet", "totalVat", "totalGross", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, 'FV/' || g || '/W', 'VAT', 'WAITING_FOR_PERMISSION', DATE '2026-11-02', 'PLN', 'Odbiorca', '{}'::jsonb, 100, 23, 123, now()
    FROM generate_series(1, ${count}::int) g`;
}

const check = (outcome: string, checkedAt: string) => ({ outcome, result: { outcome, checkedAt, rows: [] }, checkedAt: new Date(checkedAt) });

describe('KSeF card: the latest check and the held invoices of the own tenant only', () => {
  let a: Actor;
  let b: Actor;

  beforeAll(async () => {
    ({ actor: a } = await createTenantWithOwner('Karta A'));
    ({ actor: b } = await createTenantWithOwner('Karta B'));
    await holdInvoices(b.tenantId, 5);
  });

  it('never checked: no check, held invoices still counted', async () => {
    expect((await listInvoices(a, {})).ksef).toEqual({ lastCheck: null, waitingInvoices: 0 });
    await holdInvoices(a.tenantId, 2);
    expect((await listInvoices(a, {})).ksef).toEqual({ lastCheck: null, waitingInvoices: 2 });
  });

  it('the newest check wins, whatever order the rows were written in; the list and the settings page agree', async () => {
    await rawDb().ksefPermissionCheck.create({ data: { tenantId: a.tenantId, ...check('OK', '2026-11-20T08:00:00Z') } });
    await rawDb().ksefPermissionCheck.create({ data: { tenantId: a.tenantId, ...check('MISSING', '2026-11-24T08:00:00Z') } });
    await rawDb().ksefPermissionCheck.create({ data: { tenantId: a.tenantId, ...check('UNREACHABLE', '2026-11-22T08:00:00Z') } });
    await rawDb().ksefPermissionCheck.create({ data: { tenantId: b.tenantId, ...check('OK', '2026-11-25T08:00:00Z') } });
    const expected = { lastCheck: { outcome: 'MISSING', checkedAt: '2026-11-24T08:00:00Z', rows: [] }, waitingInvoices: 2 };
    expect((await listInvoices(a, {})).ksef).toEqual(expected);
    expect(await getKsefAccess(a)).toMatchObject({ ...expected, tenantNip: expect.stringMatching(/^\d{10}$/) });
    expect((await listInvoices(b, {})).ksef).toEqual({ lastCheck: { outcome: 'OK', checkedAt: '2026-11-25T08:00:00Z', rows: [] }, waitingInvoices: 5 });
  });
});
