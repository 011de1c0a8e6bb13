import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFa3, checkInvoice, parseFa3, validateFa3Xml } from '@/lib/fa3';
import { fixtureInvoices } from '@/tests/fixtures/fa3/invoices';

// Golden files pin the exact bytes; regenerate deliberately with UPDATE_GOLDEN=1.
const goldenDir = path.resolve(import.meta.dirname, '../../fixtures/fa3/golden');
const invoices = Object.entries(fixtureInvoices());

describe.each(invoices)('fixture %s', (name, inv) => {
  const xml = buildFa3(inv);
  it('matches its golden file byte for byte', () => {
    const file = path.join(goldenDir, `${name}.xml`);
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, xml);
    expect(xml).toBe(fs.readFileSync(file, 'utf8'));
  });
  it('is XSD-valid', () => expect(validateFa3Xml(xml)).toEqual({ valid: true, errors: [] }));
  it('passes the business rules', () => expect(checkInvoice(inv, { today: '2026-02-01' }).filter((v) => v.severity === 'error')).toEqual([]));
  it('round-trips: parse(build(m)) equals m', () => expect(parseFa3(xml)).toEqual(JSON.parse(JSON.stringify(inv))));
  it('is deterministic', () => expect(buildFa3(structuredClone(inv))).toBe(xml));
});
