import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Fa3InvoiceError, issueFa3, parseFa3 } from '@/lib/fa3';
import { fixtureInvoices } from '@/tests/fixtures/fa3/invoices';

const inv = fixtureInvoices()['vat-domestic-rates']!;

describe('issueFa3 (the gate before an invoice leaves the system)', () => {
  it('returns XSD-valid XML for a correct invoice', () => {
    const { xml } = issueFa3(inv, { today: '2026-02-01' });
    expect(parseFa3(xml).number).toBe(inv.number);
  });
  it('refuses a model of the wrong shape (zod), naming the field', () => {
    const bad = { ...inv, currency: 'zł' };
    expect(() => issueFa3(bad)).toThrow(Fa3InvoiceError);
    try {
      issueFa3(bad);
    } catch (e) {
      expect((e as Fa3InvoiceError).issues[0]).toMatchObject({ source: 'schema', path: 'currency' });
    }
  });
  it('refuses a business-rule error', () => {
    const bad = { ...inv, seller: { ...inv.seller, nip: '5265877636' } };
    expect(() => issueFa3(bad, { today: '2026-02-01' })).toThrow(/seller.nip: NIP sprzedawcy 5265877636 jest nieprawidłowy/);
  });
  it('refuses what only the XSD catches (text too long for P_2)', () => {
    const bad = { ...inv, number: 'X'.repeat(300) };
    try {
      issueFa3(bad, { today: '2026-02-01' });
      expect.unreachable();
    } catch (e) {
      expect((e as Fa3InvoiceError).issues[0]).toMatchObject({ source: 'xsd', path: '/Faktura/Fa/P_2' });
    }
  });
});

describe('CLI (npm run fa3)', () => {
  const root = path.resolve(import.meta.dirname, '../../..');
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const cli = (...args: string[]) => spawnSync(tsx, ['scripts/fa3.ts', ...args], { cwd: root, encoding: 'utf8' });
  const samples = path.resolve(root, 'tests/fixtures/samples');

  it('validate: exit 0 for valid files, 1 and one line per invalid file naming IDWew', () => {
    expect(cli('validate', path.join(samples, 'fa3/csharp-invoice-template-fa-3.xml')).status).toBe(0);
    const r = cli('validate', path.join(samples, 'fa3/csharp-invoice-template-fa-3.xml'), path.join(samples, 'fa3-invalid/csharp-invoice-template-fa-3-with-multiple-Subject3.xml'));
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toMatch(/multiple-Subject3\.xml: .*IDWew/);
  }, 30_000);

  it('parse → build reproduces a valid document', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fa3-cli-'));
    const json = path.join(dir, 'm.json');
    fs.writeFileSync(json, execFileSync(tsx, ['scripts/fa3.ts', 'parse', path.join(samples, 'fa3/java-invoice-template_v3.xml')], { cwd: root, encoding: 'utf8' }));
    const b = cli('build', json);
    expect(b.status).toBe(0);
    expect(b.stdout).toContain('<KodFormularza kodSystemowy="FA (3)" wersjaSchemy="1-0E">FA</KodFormularza>');
  }, 30_000);
});
