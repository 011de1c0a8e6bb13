import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFa3, completeInvoice, parseFa3, parseXmlTree, validateFa3Xml, type Line, VAT_RATES } from '@/lib/fa3';
import { drafts } from '@/tests/fixtures/fa3/invoices';

const dir = path.resolve(import.meta.dirname, '../../fixtures/samples/fa3');
const samples = fs.readdirSync(dir).filter((f) => f.endsWith('.xml'));

describe('official samples: build(parse(x))', () => {
  it.each(samples)('%s is XSD-valid and keeps every element, attribute and value', (f) => {
    const x = fs.readFileSync(path.join(dir, f), 'utf8');
    const m = parseFa3(x);
    const y = buildFa3(m);
    expect(validateFa3Xml(y)).toEqual({ valid: true, errors: [] });
    // Same generic tree (names, order, attributes, text) = nothing dropped or reordered.
    expect(parseXmlTree(y)).toEqual(parseXmlTree(x));
    expect(parseFa3(y)).toEqual(m);
  });

  it('keeps sections the model does not type (attachment) in extra', () => {
    const m = parseFa3(fs.readFileSync(path.join(dir, 'csharp-invoice-template-fa-3-with-attachment.xml')));
    expect(m.extra?.Zalacznik).toHaveLength(1);
  });
});

describe('own fixture with every optional section (prefixed namespace, Rozliczenie, several Podmiot3, …)', () => {
  const x = fs.readFileSync(path.resolve(import.meta.dirname, '../../fixtures/fa3/rich-optional-sections.xml'));
  const m = parseFa3(x);
  it('types what the model knows', () => {
    expect(m.buyer.id).toEqual({ type: 'foreign', countryCode: 'NO', taxId: 'NO999888777' });
    expect(m.thirdParties?.map((p) => p.id.type)).toEqual(['internal', 'eu', 'none']);
    expect(m.thirdParties?.[1]?.role).toEqual({ other: 'Pośrednik' });
    expect(m.annotations.exemption).toEqual({ basis: 'B', text: 'art. 132 ust. 1 lit. i dyrektywy 2006/112/WE' });
    expect(m.salePeriod).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(m.lines.map((l) => l.exchangeRate)).toEqual(['4.3012', '4.3']); // rates differ → kept per line
    expect(m.seller.name).toBe('Sprzedawca & Syn');
  });
  it('keeps the rest verbatim in extra', () => {
    expect(Object.keys(m.extra ?? {}).sort()).toEqual(['PodmiotUpowazniony', 'Stopka']);
    expect(Object.keys(m.faExtra ?? {}).sort()).toEqual(['FP', 'Rozliczenie', 'WarunkiTransakcji']);
    expect(Object.keys(m.payment?.extra ?? {}).sort()).toEqual(['Skonto', 'ZaplataCzesciowa', 'ZnacznikZaplatyCzesciowej']);
    expect(m.lines[0]?.extra).toEqual({ PKOB: [{ name: 'PKOB', text: '1110' }], KwotaAkcyzy: [{ name: 'KwotaAkcyzy', text: '1.5' }] });
  });
  it('build(parse(x)) is XSD-valid with an identical element tree', () => {
    const y = buildFa3(m);
    expect(validateFa3Xml(y)).toEqual({ valid: true, errors: [] });
    expect(parseXmlTree(y)).toEqual(parseXmlTree(x));
  });
});

// Arbitrary invoices from our model: random lines in both entry modes, all rates and kinds with lines.
const decimalStr = (maxCents: number) => fc.integer({ min: 0, max: maxCents }).map((c) => (c / 100).toFixed(2));
const lineArb = fc.record({
  quantity: fc.integer({ min: 1, max: 100_000 }).map((q) => (q / 1000).toString()),
  price: decimalStr(10_000_000),
  vatRate: fc.constantFrom(...VAT_RATES.filter((r) => r !== 'zw' && r !== 'oo')),
  name: fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.replace(/[^\p{L}\p{N} .,-]/gu, 'x').trim() || 'x'),
});
const invoiceArb = fc.record({
  lines: fc.array(lineArb, { minLength: 1, maxLength: 12 }),
  mode: fc.constantFrom('net' as const, 'gross' as const),
  kind: fc.constantFrom('VAT' as const, 'ROZ' as const, 'UPR' as const),
  foreign: fc.boolean(),
});

describe('property: round trip and totals', () => {
  it('parse(build(m)) equals m and build(m) is XSD-valid', () => {
    fc.assert(
      fc.property(invoiceArb, ({ lines, mode, kind, foreign }) => {
        const ls: Line[] = lines.map((l, i) => ({
          no: String(i + 1),
          name: l.name,
          quantity: l.quantity,
          vatRate: l.vatRate,
          ...(mode === 'net' ? { unitNetPrice: l.price } : { unitGrossPrice: l.price }),
        }));
        const m = completeInvoice({ ...drafts['vat-domestic-rates']!, kind, lines: ls, priceMode: mode, ...(foreign ? { currency: 'EUR', exchangeRate: '4.3012' } : {}) });
        const xml = buildFa3(m);
        expect(validateFa3Xml(xml).errors).toEqual([]);
        expect(parseFa3(xml)).toEqual(JSON.parse(JSON.stringify(m)));
      }),
      { numRuns: 150 },
    );
  });
});

describe('character references in received XML', () => {
  it('decodes &#60; and &#x…; to the characters they name, never shown literally; &amp;lt; stays text', () => {
    const x = fs
      .readFileSync(path.join(dir, 'csharp-invoice-template-fa-3-with-custom-Subject2.xml'), 'utf8')
      .replace('<Nazwa>Elektrownia S.A.</Nazwa>', '<Nazwa>Elektrownia &#60;Północ&#62; &#x26; Syn S.A.</Nazwa>')
      .replace('<P_7>Razem za energię czynną</P_7>', '<P_7>Energia &amp;lt;czynna&amp;gt; &#8222;Eko&#8221;</P_7>');
    expect(validateFa3Xml(x).valid).toBe(true);
    const m = parseFa3(x);
    expect(m.seller.name).toBe('Elektrownia <Północ> & Syn S.A.');
    expect(m.lines[0]!.name).toBe('Energia &lt;czynna&gt; „Eko”');
  });
});
