import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { Actor } from '@/lib/server/access';
import { listInvoices } from '@/lib/server/invoices/list-invoices';
import { COUNT_CAP } from '@/lib/server/paging';
import { createTenantWithOwner } from '../../support/factories';

const ROWS = COUNT_CAP + 60; // past the counting cap: 42 full pages of 25 and a last one of 10

/** Invoices straight into the table (the issuing path is tested elsewhere): 20 per day, 53 buyers. */
async function seed(tenantId: string, rows: number, buyerPrefix: string) {
  await rawDb().$executeRaw`
    INSERT INTO "Invoice" (id, "tenantId", number, kind, status, "issueDate", currency, "buyerName", model, "totalNet", "totalVat", "totalGross", "updatedAt")
    SELECT gen_random_uuid(), ${tenantId}::uuid, 'FV/' || g || '/T',
      (CASE WHEN g % 10 = 0 THEN 'KOR' ELSE 'VAT' END)::"InvoiceKind",
      (CASE WHEN g % 3 = 0 THEN 'ACCEPTED' ELSE 'DRAFT' END)::"InvoiceStatus",
      DATE '2026-01-01' + (g / 20), 'PLN', ${buyerPrefix} || ' ' || lpad((g % 53)::text, 2, '0'), '{}'::jsonb,
      g + 0.5, round((g + 0.5) * 0.23, 2), round((g + 0.5) * 1.23, 2), now()
    FROM generate_series(1, ${rows}::int) g`;
}

describe('invoice list: filters, order and paging past the counting cap', () => {
  let a: Actor;
  let b: Actor;

  beforeAll(async () => {
    ({ actor: a } = await createTenantWithOwner('Lista A'));
    ({ actor: b } = await createTenantWithOwner('Lista B'));
    await seed(a.tenantId, ROWS, 'Hurtownia Kowalski');
    await seed(b.tenantId, 30, 'Hurtownia Kowalski'); // same buyers in another tenant: never counted for A
  });

  it('counts up to the cap, shows "more" past it, and pages to the very last invoice without gaps or repeats', async () => {
    const first = await listInvoices(a, {});
    expect(first).toMatchObject({ total: COUNT_CAP, totalIsCapped: true, pages: COUNT_CAP / 25, hasNextPage: true });
    expect(first.rows).toHaveLength(25);
    // Newest first; ties on the day broken by id, the same way on every page.
    const seen = new Set<string>();
    let previous: { issueDate: string; id: string } | undefined;
    for (let page = 1; ; page++) {
      const list = await listInvoices(a, { page: String(page) });
      for (const r of list.rows) {
        expect(seen.has(r.id)).toBe(false);
        seen.add(r.id);
        if (previous) expect(previous.issueDate > r.issueDate || (previous.issueDate === r.issueDate && previous.id > r.id)).toBe(true);
        previous = r;
      }
      if (!list.hasNextPage) {
        expect(page).toBe(Math.ceil(ROWS / 25));
        expect(list.rows).toHaveLength(ROWS % 25);
        break;
      }
      expect(list.rows).toHaveLength(25);
    }
    expect(seen.size).toBe(ROWS);
  });

  it('filters are exact below the cap: status, kind, dates, number prefix, and the buyer by any part of the name, in any case', async () => {
    const count = async (query: Record<string, string>) => {
      const list = await listInvoices(a, query);
      expect(list.totalIsCapped).toBe(false);
      return list.total;
    };
    const accepted = Array.from({ length: ROWS }, (_, i) => i + 1).filter((g) => g % 3 === 0);
    expect(await count({ status: 'ACCEPTED' })).toBe(accepted.length);
    expect(await count({ kind: 'KOR' })).toBe(Math.floor(ROWS / 10));
    expect(await count({ from: '2026-01-02', to: '2026-01-02' })).toBe(20);
    expect(await count({ number: 'FV/100' })).toBe(1 + 10); // FV/100/T and FV/1000…1009/T
    // Buyer 07 of 53: g % 53 = 7.
    const buyer07 = Array.from({ length: ROWS }, (_, i) => i + 1).filter((g) => g % 53 === 7);
    expect(await count({ buyer: 'kowalski 07' })).toBe(buyer07.length);
    expect(await count({ buyer: 'OWALSKI 07' })).toBe(buyer07.length);
    expect(await count({ buyer: 'kowalski 07', status: 'ACCEPTED' })).toBe(buyer07.filter((g) => g % 3 === 0).length);
    expect(await count({ buyer: 'Nowak' })).toBe(0);
    // Typed text is literal, never a LIKE wildcard.
    expect(await count({ buyer: '%' })).toBe(0);
    expect(await count({ buyer: 'kowalski_07' })).toBe(0);
    expect(await count({ number: '_V/100' })).toBe(0);
    expect(await count({ number: 'FV/100\\' })).toBe(0);
    // A renamed buyer is found by its new name at once (the names are kept by a database trigger).
    const renamed = (await listInvoices(a, { number: 'FV/7/' })).rows[0]!;
    await rawDb().invoice.update({ where: { id: renamed.id }, data: { buyerName: 'Łódzka Spółdzielnia Nowak' } });
    expect((await listInvoices(a, { buyer: 'spółdzielnia now' })).rows.map((r) => r.id)).toEqual([renamed.id]);
    // Every buyer matches "Hurtownia": the broad search still counts up to the cap and pages on.
    expect(await listInvoices(a, { buyer: 'hurtownia' })).toMatchObject({ total: COUNT_CAP, totalIsCapped: true, hasNextPage: true });
  });

  it('sorts by amount with the id as tie-break, both directions', async () => {
    const desc = await listInvoices(a, { sort: 'totalGross', dir: 'desc' });
    const asc = await listInvoices(a, { sort: 'totalGross', dir: 'asc' });
    expect(Number(desc.rows[0]!.totalGross)).toBeGreaterThan(Number(desc.rows[24]!.totalGross));
    expect(Number(asc.rows[0]!.totalGross)).toBeLessThan(Number(asc.rows[24]!.totalGross));
    expect(desc.rows[0]!.totalGross).toBe(new Decimal(ROWS).plus('0.5').times('1.23').toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
  });

  it('the other tenant sees only its own 30', async () => {
    expect(await listInvoices(b, { buyer: 'kowalski' })).toMatchObject({ total: 30, totalIsCapped: false, hasNextPage: true, pages: 2 });
    expect((await listInvoices(b, { page: '2' })).rows).toHaveLength(5);
  });
});

describe('invoice list: invoices of one day', () => {
  it('come in the order their numbers were given, both directions (not by random id)', async () => {
    const { actor } = await createTenantWithOwner('Jeden dzień');
    await rawDb().$executeRaw`
      INSERT INTO "Invoice" (id, "tenantId", number, kind, status, "issueDate", "issuedAt", currency, "buyerName", model, "totalNet", "totalVat", "totalGross", "updatedAt")
      SELECT gen_random_uuid(), ${actor.tenantId}::uuid, 'FV/' || g || '/12/2026', 'VAT', 'ACCEPTED', DATE '2026-12-04',
        TIMESTAMP '2026-12-04 08:00:00' + g * INTERVAL '1 second', 'PLN', 'Klient', '{}'::jsonb, 100, 23, 123, now()
      FROM generate_series(1, 12) g`;
    const numbers = (r: Awaited<ReturnType<typeof listInvoices>>) => r.rows.map((x) => x.number);
    const expected = Array.from({ length: 12 }, (_, i) => `FV/${12 - i}/12/2026`);
    expect(numbers(await listInvoices(actor, {}))).toEqual(expected);
    expect(numbers(await listInvoices(actor, { dir: 'asc' }))).toEqual([...expected].reverse());
  });
});
