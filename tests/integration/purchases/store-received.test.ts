/**
 * The sync's bulk write path (lib/db/received-invoices.ts) is raw SQL: it must write exactly what the
 * Prisma path wrote (dates, exact decimals, bytes, JSON, roles), keep tenants apart by construction,
 * and move the checkpoint only with the rows of its transaction.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { storeReceivedInvoices } from '@/lib/db/received-invoices';
import { parseFa3 } from '@/lib/fa3/parse';
import type { FetchedInvoice, InvoiceMetadata } from '@/lib/ksef';
import { toRow } from '@/lib/server/purchases/sync-purchases';
import { createTenantWithOwner } from '@/tests/support/factories';
import { uniqueNip } from '@/tests/support/nip';
import { purchaseInvoiceXml } from '@/tests/support/receiving';

function fetched(sellerNip: string, tenantNip: string, ksefNumber: string, over: Partial<InvoiceMetadata> = {}): FetchedInvoice {
  const xml = Buffer.from(purchaseInvoiceXml({ sellerNip, tenantNip, role: 'buyer', number: `FZ/${ksefNumber.slice(-6)}` }), 'utf8');
  const metadata = {
    ksefNumber,
    invoiceNumber: `FZ/${ksefNumber.slice(-6)}`,
    seller: { nip: sellerNip, name: 'Sprzedawca „Ąę” Sp. z o.o.' },
    buyer: { identifier: { type: 'Nip', value: tenantNip }, name: 'Nabywca' },
    issueDate: '2026-11-30',
    invoicingDate: '2026-11-30T23:59:59.987+01:00',
    acquisitionDate: '2026-12-01T00:00:00.123+01:00',
    permanentStorageDate: '2026-12-01T00:00:01.456+01:00',
    invoiceType: 'Vat',
    currency: 'PLN',
    netAmount: 1234567890123.45,
    vatAmount: 0.1,
    grossAmount: 1234567890123.55,
    invoiceHash: createHash('sha256').update(xml).digest('base64'),
    ...over,
  } as unknown as InvoiceMetadata;
  return { metadata, xml, hash: metadata.invoiceHash! };
}

describe('storeReceivedInvoices', () => {
  it('writes every column exactly as received, and a second role only once', async () => {
    const t = await createTenantWithOwner();
    const seller = uniqueNip();
    const f = fetched(seller, t.nip, `${seller}-20261201-0A1B2C3D4E5F-01`);
    const broken = fetched(seller, t.nip, `${seller}-20261201-0A1B2C3D4E60-02`, { acquisitionDate: undefined } as Partial<InvoiceMetadata>);
    broken.xml = Buffer.from('<Faktura>nie FA(3)</Faktura>');
    expect(await storeReceivedInvoices(t.actor.tenantId, 'BUYER', [toRow(f), toRow(broken)], { subjectType: 'Subject2', value: '2026-12-01T00:00:01.456+01:00' })).toBe(2);

    const row = await rawDb().receivedInvoice.findUniqueOrThrow({ where: { tenantId_ksefNumber: { tenantId: t.actor.tenantId, ksefNumber: f.metadata.ksefNumber } } });
    expect(row.totalNet.toFixed(2)).toBe('1234567890123.45');
    expect(row.totalVat.toFixed(2)).toBe('0.10');
    expect(row.issueDate.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(row.acquisitionDate?.toISOString()).toBe('2026-11-30T23:00:00.123Z');
    expect(row.permanentStorageDate.toISOString()).toBe('2026-11-30T23:00:01.456Z');
    expect(Buffer.from(row.xml).equals(f.xml)).toBe(true);
    expect(row.model).toEqual(JSON.parse(JSON.stringify(parseFa3(f.xml))));
    expect(row.metadata).toEqual(f.metadata);
    expect(row.sellerName).toBe('Sprzedawca „Ąę” Sp. z o.o.');
    expect(row.roles).toEqual(['BUYER']);
    const bad = await rawDb().receivedInvoice.findUniqueOrThrow({ where: { tenantId_ksefNumber: { tenantId: t.actor.tenantId, ksefNumber: broken.metadata.ksefNumber } } });
    expect(bad.model).toBeNull();
    expect(bad.parseError).toBeTruthy();
    expect(bad.acquisitionDate).toBeNull();

    // The same invoice seen again as a third party: no new row, the role added once, never twice.
    expect(await storeReceivedInvoices(t.actor.tenantId, 'THIRD_PARTY', [toRow(f)])).toBe(0);
    expect(await storeReceivedInvoices(t.actor.tenantId, 'THIRD_PARTY', [toRow(f)])).toBe(0);
    expect(await storeReceivedInvoices(t.actor.tenantId, 'BUYER', [toRow(f)])).toBe(0);
    const again = await rawDb().receivedInvoice.findUniqueOrThrow({ where: { id: row.id } });
    expect(again.roles).toEqual(['BUYER', 'THIRD_PARTY']);
    expect(await rawDb().syncCheckpoint.findMany({ where: { tenantId: t.actor.tenantId } })).toMatchObject([{ subjectType: 'Subject2', checkpoint: '2026-12-01T00:00:01.456+01:00' }]);
  });

  it('keeps tenants apart: the same KSeF number stored for two companies is two rows, each with its own roles', async () => {
    const a = await createTenantWithOwner();
    const b = await createTenantWithOwner();
    const seller = uniqueNip();
    const f = fetched(seller, a.nip, `${seller}-20261201-0A1B2C3D4E61-03`);
    await storeReceivedInvoices(a.actor.tenantId, 'BUYER', [toRow(f)]);
    expect(await storeReceivedInvoices(b.actor.tenantId, 'THIRD_PARTY', [toRow(f)])).toBe(1);
    const rows = await rawDb().receivedInvoice.findMany({ where: { ksefNumber: f.metadata.ksefNumber }, select: { tenantId: true, roles: true } });
    expect(rows.sort((x, y) => (x.roles[0]! < y.roles[0]! ? -1 : 1))).toEqual([
      { tenantId: a.actor.tenantId, roles: ['BUYER'] },
      { tenantId: b.actor.tenantId, roles: ['THIRD_PARTY'] },
    ]);
  });

  it('a failed chunk stores nothing and leaves the checkpoint where it was', async () => {
    const t = await createTenantWithOwner();
    const seller = uniqueNip();
    const good = toRow(fetched(seller, t.nip, `${seller}-20261201-0A1B2C3D4E62-04`));
    const invalid = { ...toRow(fetched(seller, t.nip, `${seller}-20261201-0A1B2C3D4E63-05`)), currency: 'PLNX' }; // CHAR(3) refuses it
    await expect(storeReceivedInvoices(t.actor.tenantId, 'BUYER', [good, invalid], { subjectType: 'Subject2', value: '2026-12-02T00:00:00Z' })).rejects.toThrow();
    expect(await rawDb().receivedInvoice.count({ where: { tenantId: t.actor.tenantId } })).toBe(0);
    expect(await rawDb().syncCheckpoint.count({ where: { tenantId: t.actor.tenantId } })).toBe(0);
  });
});
