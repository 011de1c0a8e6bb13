/**
 * Every official FA(3) sample (tests/fixtures/samples/fa3): the purchase page's sections show every text
 * value of the XML — typed fields and the generic trees of untyped content alike. Flags written as
 * 1/2 appear as booleans; only the form's fixed header (KodFormularza, WariantFormularza) is not repeated.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFa3, parseXmlTree, type XmlNode } from '@/lib/fa3';
import { invoiceSections, LINES_PER_PAGE, sectionValues } from '@/lib/server/purchases/invoice-sections';

const dir = path.resolve(import.meta.dirname, '../../fixtures/samples/fa3');
const samples = fs.readdirSync(dir).filter((f) => f.endsWith('.xml'));

function leaves(n: XmlNode, pathSoFar: string, out: { path: string; text: string }[]) {
  const p = `${pathSoFar}/${n.name}`;
  if (n.text !== undefined && n.text.trim() !== '' && !n.children?.length) out.push({ path: p, text: n.text.trim() });
  n.children?.forEach((c) => leaves(c, p, out));
  return out;
}

const HEADER = new Set(['KodFormularza', 'WariantFormularza']);
const norm = (s: string) => s.trim().replace(/\s+/g, ' ');

describe('invoiceSections renders every section of real FA(3) invoices', () => {
  it('has samples to check', () => expect(samples.length).toBeGreaterThanOrEqual(8));
  for (const file of samples) {
    it(file, () => {
      const xml = fs.readFileSync(path.join(dir, file));
      const sections = invoiceSections(parseFa3(xml));
      const shown = new Set(sectionValues(sections).map(norm));
      const missing = leaves(parseXmlTree(xml), '', []).filter((l) => {
        const name = l.path.split('/').pop()!;
        if (HEADER.has(name.replace(/^.*:/, ''))) return false;
        if (shown.has(norm(l.text))) return false;
        // Flags: 1/2 are shown as yes/no booleans of their field.
        return !(l.text === '1' || l.text === '2');
      });
      expect(missing, `values of ${file} not shown`).toEqual([]);
      expect(sections.map((s) => s.id)).toEqual(expect.arrayContaining(['seller', 'buyer', 'details', 'lines', 'totals', 'annotations']));
    });
  }
});

describe('the lines of a huge invoice come a page at a time', () => {
  const base = parseFa3(fs.readFileSync(path.join(dir, samples[0]!)));
  const huge = { ...base, lines: Array.from({ length: 6_900 }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja ${i + 1}` })) };
  const lines = (page?: number) => invoiceSections(huge, { linesPage: page }).find((s) => s.id === 'lines')!;

  it('shows the first 100 lines and says how many there are', () => {
    const s = lines();
    expect(s.table!.rows).toHaveLength(LINES_PER_PAGE);
    expect(s.paging).toEqual({ page: 1, pages: 69, from: 1, to: 100, total: 6_900 });
    expect(s.table!.rows[0]!.cells).toContain('Pozycja 1');
  });

  it('any page by number; out-of-range and garbage page numbers land on a real page', () => {
    expect(lines(69).paging).toMatchObject({ page: 69, from: 6_801, to: 6_900 });
    expect(lines(69).table!.rows.at(-1)!.cells).toContain('Pozycja 6900');
    expect(lines(5_000).paging!.page).toBe(69);
    expect(lines(Number.NaN).paging!.page).toBe(1);
    expect(lines(-3).paging!.page).toBe(1);
    expect(lines(2.7).paging!.page).toBe(2);
  });

  it('an ordinary invoice has one page', () => {
    expect(invoiceSections(base).find((s) => s.id === 'lines')!.paging).toMatchObject({ page: 1, pages: 1, total: base.lines.length });
  });
});
