/**
 * Companies created before corrections had their own series numbered them in FV. The migration
 * invoice_series_kind gives each a default KOR series; its INSERT is run again here over a company
 * that has only an FV series and one whose „KOR” name is taken.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { createIssuingTenant } from '../../support/app-flows';

const dir = path.resolve(import.meta.dirname, '../../../prisma/migrations');
const migration = fs.readdirSync(dir).find((d) => d.endsWith('_invoice_series_kind'))!;
const sql = fs.readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8');
// As the migrator runs it: split at every semicolon; only the data step is run again.
const insert = sql
  .split(';')
  .map((s) => s.replace(/^--.*$/gm, '').trim())
  .find((s) => s.startsWith('INSERT'))!;

describe('migration invoice_series_kind', () => {
  it('gives every older company a default KOR series, keeps a series already named KOR, and allows one default per kind', async () => {
    const old = await createIssuingTenant();
    const taken = await createIssuingTenant();
    // As before the migration: only the FV series; the second company had named a series "KOR" itself.
    await rawDb().invoiceSeries.deleteMany({ where: { tenantId: { in: [old.actor.tenantId, taken.actor.tenantId] }, kind: 'KOR' } });
    await rawDb().invoiceSeries.create({ data: { tenantId: taken.actor.tenantId, name: 'KOR', pattern: 'K/{n}/{YYYY}', isDefault: false } });

    await rawDb().$executeRawUnsafe(insert);

    expect(await rawDb().invoiceSeries.findMany({ where: { tenantId: old.actor.tenantId }, select: { name: true, pattern: true, kind: true, isDefault: true }, orderBy: { kind: 'asc' } })).toEqual([
      { name: 'FV', pattern: 'FV/{n}/{MM}/{YYYY}', kind: 'VAT', isDefault: true },
      { name: 'KOR', pattern: 'KOR/{n}/{MM}/{YYYY}', kind: 'KOR', isDefault: true },
    ]);
    expect(await rawDb().invoiceSeries.findMany({ where: { tenantId: taken.actor.tenantId, name: 'KOR' }, select: { pattern: true, kind: true, isDefault: true } })).toEqual([
      { pattern: 'K/{n}/{YYYY}', kind: 'VAT', isDefault: false },
    ]);
    // A second default for the same kind is refused by the database.
    await expect(rawDb().invoiceSeries.create({ data: { tenantId: old.actor.tenantId, name: 'KOR2', pattern: 'KK/{n}', kind: 'KOR', isDefault: true } })).rejects.toThrow(
      /InvoiceSeries_one_default_per_kind|Unique constraint/,
    );
  });
});
