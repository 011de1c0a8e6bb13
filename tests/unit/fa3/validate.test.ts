import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFa3Xml } from '@/lib/fa3/validate';

const samples = path.resolve(import.meta.dirname, '../../fixtures/samples');
const valid = fs.readdirSync(path.join(samples, 'fa3')).filter((f) => f.endsWith('.xml'));

describe('validateFa3Xml', () => {
  it.each(valid)('accepts the official sample %s', (f) => {
    expect(validateFa3Xml(fs.readFileSync(path.join(samples, 'fa3', f)))).toEqual({ valid: true, errors: [] });
  });

  it('rejects the invalid sample and names IDWew with its path and line', () => {
    const r = validateFa3Xml(fs.readFileSync(path.join(samples, 'fa3-invalid', 'csharp-invoice-template-fa-3-with-multiple-Subject3.xml')));
    expect(r.valid).toBe(false);
    expect(r.errors[0]).toMatchObject({ path: '/Faktura/Podmiot3[1]/DaneIdentyfikacyjne/IDWew', line: 46 });
    expect(r.errors[0]!.message).toMatch(/IDWew/);
  });

  it('rejects a document of the wrong namespace', () => {
    const r = validateFa3Xml('<Faktura xmlns="http://crd.gov.pl/wzor/2023/06/29/12648/"/>');
    expect(r.valid).toBe(false);
  });
});
