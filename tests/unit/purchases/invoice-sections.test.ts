/**
 * The purchase invoice page's sections over real received FA(3) invoices (the official samples in
 * tests/fixtures/samples/fa3 and our golden invoices in tests/fixtures/fa3/golden), in Polish and in
 * English: every value of the XML is shown, and shown in words — no FA(3) field code, element name,
 * code-list number or ISO timestamp reaches the reader; codes carry their official meanings (the
 * XSD's xsd:documentation), addresses are address lines, dates, amounts and account numbers are
 * written as people write them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFa3, parseXmlTree, type Invoice, type XmlNode } from '@/lib/fa3';
import { FA3_SCHEMA_DIR } from '@/lib/fa3';
import { translator, type Locale } from '@/lib/i18n';
import { formatDate, formatNip } from '@/lib/i18n/format';
import { formatBankAccount } from '@/lib/invoices/bank-account';
import { invoiceSections, LINES_PER_PAGE, sectionTexts, type Entry, type Section } from '@/lib/server/purchases/invoice-sections';

const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples/fa3');
const GOLDEN = path.resolve(import.meta.dirname, '../../fixtures/fa3/golden');
const files = [...fs.readdirSync(SAMPLES).map((f) => path.join(SAMPLES, f)), ...fs.readdirSync(GOLDEN).map((f) => path.join(GOLDEN, f))].filter((f) => f.endsWith('.xml'));
const LOCALES: Locale[] = ['pl', 'en'];
const read = (file: string) => fs.readFileSync(file);
const sectionsOf = (name: string, locale: Locale = 'pl', inv?: Invoice) => invoiceSections(inv ?? parseFa3(read(files.find((f) => path.basename(f) === name)!)), { locale });
const section = (ss: Section[], id: string) => ss.find((s) => s.id === id)!;
/** The entry with this label, searched through nested groups too. */
function find(entries: Entry[], label: string): Entry | undefined {
  for (const e of entries) {
    if (e.label === label) return e;
    const inner = e.children && find(e.children, label);
    if (inner) return inner;
  }
  return undefined;
}
const value = (ss: Section[], id: string, label: string) => find(section(ss, id).entries, label)?.lines;

const xsd = fs.readFileSync(path.join(FA3_SCHEMA_DIR, 'schemat_FA(3)_v1-0E.xsd'), 'utf8');
const ELEMENT_NAMES = new Set([...xsd.matchAll(/<xsd:element name="(\w+)"/g)].map((m) => m[1]!));
/** Values of one XSD enumeration type with their documentation. */
function enumeration(type: string): [string, string][] {
  const body = new RegExp(`<xsd:simpleType name="${type}">([\\s\\S]*?)</xsd:simpleType>`).exec(xsd)![1]!;
  return [...body.matchAll(/<xsd:enumeration value="([^"]*)">\s*<xsd:annotation>\s*<xsd:documentation>([\s\S]*?)<\/xsd:documentation>/g)].map((m) => [m[1]!, m[2]!.replace(/\s+/g, ' ').trim()]);
}

function leaves(n: XmlNode, out: { name: string; text: string }[] = []) {
  if (n.text !== undefined && n.text.trim() !== '' && !n.children?.length) out.push({ name: n.name, text: n.text.trim() });
  n.children?.forEach((c) => leaves(c, out));
  return out;
}

/** Leaves whose value is a code shown by its meaning (checked below, list by list), or the form's fixed header. */
const CODED = new Set([
  'KodFormularza',
  'WariantFormularza',
  'FormaPlatnosci',
  'P_12',
  'P_12Z',
  'RodzajFaktury',
  'Rola',
  'RolaPU',
  'StatusInfoPodatnika',
  'TypKorekty',
  'RodzajTransportu',
  'OpisLadunku',
  'RachunekWlasnyBanku',
  'ZnacznikZaplatyCzesciowej',
  'KodKraju',
  'KodUE',
  'PrefiksPodatnika',
  'KodWaluty',
]);
const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
/** The ways a raw value may be written on the page. */
function renderings(v: string): string[] {
  const out = [v, /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v) : v, formatNip(v), formatBankAccount(v)];
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(v);
  if (m) {
    const int = m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
    const frac = m[3] ?? '';
    out.push(`${m[1]}${int}${frac ? `,${frac}` : ''}`, `${m[1]}${int},${frac.padEnd(2, '0')}`);
  }
  return out.map(norm);
}

describe('every value of a real FA(3) invoice is on the page', () => {
  it('has samples to check', () => expect(files.length).toBeGreaterThanOrEqual(20));
  for (const file of files) {
    it(path.basename(file), () => {
      const xml = read(file);
      const shown = sectionTexts(invoiceSections(parseFa3(xml))).map(norm);
      const missing = leaves(parseXmlTree(xml)).filter((l) => {
        const name = l.name.replace(/^.*:/, '');
        if (CODED.has(name) || l.text === '1' || l.text === '2') return false; // codes and flags: in words, checked below
        if (/^\d{4}-\d{2}-\d{2}T/.test(l.text)) return false; // instants: in Warsaw time, checked below
        const forms = renderings(l.text);
        return !shown.some((s) => forms.some((f) => s === f || (f.length > 3 && s.includes(f))));
      });
      expect(missing, `values of ${path.basename(file)} not shown`).toEqual([]);
    });
  }
});

describe('nothing a reader sees is an FA(3) code', () => {
  for (const file of files) {
    for (const locale of LOCALES) {
      it(`${path.basename(file)} (${locale})`, () => {
        const sections = invoiceSections(parseFa3(read(file)), { locale });
        expect(sections.map((s) => s.id)).toEqual(expect.arrayContaining(['seller', 'buyer', 'details', 'totals', 'annotations']));
        const texts = sectionTexts(sections);
        const bad = texts.filter(
          (s) =>
            /\bP_\d/.test(s) || // field codes
            /Adres\.|KodKraju|AdresL\d/.test(s) ||
            /\d{4}-\d{2}-\d{2}T/.test(s) || // ISO timestamps
            (locale === 'pl' && /\b\d{4}-\d{2}-\d{2}\b/.test(s)) || // ISO dates in Polish
            /^purchases\./.test(s) || // a message key
            /\b(Forma płatności|Stawka|Payment method|Rate) \d/.test(s),
        );
        expect(bad).toEqual([]);
        // No label or title is an XSD element name (a word like NIP, KRS, GTIN is a name people use).
        const labels = new Set<string>();
        const walk = (es: Entry[]) => es.forEach((e) => (labels.add(e.label), e.children && walk(e.children)));
        for (const s of [...sections, ...sections.flatMap((x) => x.parts ?? [])]) {
          labels.add(s.title);
          walk(s.entries);
          s.tables?.forEach((t) => t.columns.forEach((c) => labels.add(c.label)));
        }
        const WORDS = new Set([
          'Telefon',
          'Adnotacje',
          'Rozliczenie',
          'NIP',
          'KRS',
          'REGON',
          'BDO',
          'GTIN',
          'PKWiU',
          'CN',
          'PKOB',
          'Opis',
          'Kwota',
          'Tekst',
          'Wiersz',
          'Suma',
          'Adres',
          'Nazwa',
          'Rola',
          'Termin',
          'Transport',
          'Informacje',
          'Rejestry',
          'Skonto',
        ]);
        expect([...labels].filter((l) => ELEMENT_NAMES.has(l) && !WORDS.has(l))).toEqual([]);
        // Rates are rates, payment methods names.
        for (const s of sections.filter((x) => x.id === 'lines'))
          for (const t of s.tables ?? []) {
            const j = t.columns.findIndex((c) => c.label === (locale === 'pl' ? 'Stawka VAT' : 'VAT rate'));
            for (const r of t.rows) if (j >= 0 && r[j]!.text) expect(r[j]!.text).toMatch(/%|^zw|^oo|^np I/);
          }
      });
    }
  }
});

describe('codes carry their official meanings', () => {
  it('payment form 6 is „Przelew” (Bank transfer in English)', () => {
    expect(value(sectionsOf('vat-split-payment.xml'), 'payment', 'Forma płatności')).toEqual(['Przelew']);
    expect(value(sectionsOf('vat-split-payment.xml', 'en'), 'payment', 'Payment method')).toEqual(['Bank transfer']);
  });

  it('rates are written with %: 23 → „23%”, 0 KR → „0% (kraj)”, zw, oo, np I', () => {
    const rates = (name: string) => {
      const t = section(sectionsOf(name), 'lines').tables![0]!;
      const j = t.columns.findIndex((c) => c.label === 'Stawka VAT');
      return t.rows.map((r) => r[j]!.text);
    };
    expect(rates('vat-domestic-rates.xml')).toEqual(expect.arrayContaining(['23%', '8%', '5%', '0% (kraj)']));
    expect(rates('vat-exempt-zw.xml')).toContain('zw');
    expect(rates('vat-reverse-charge-oo.xml')).toContain('oo');
    expect(rates('vat-np-consumer.xml')).toContain('np I');
    expect(rates('vat-wdt-eu-buyer.xml')).toContain('0% (WDT)');
    expect(rates('vat-export-foreign-currency.xml')).toContain('0% (eksport)');
  });

  it('every value of the FA(3) code lists has its meaning, in Polish after the XSD', () => {
    const lists: [string, string][] = [
      ['TFormaPlatnosci', 'paymentMethods'],
      ['TStawkaPodatku', 'rates'],
      ['TRodzajFaktury', 'kinds'],
      ['TRolaPodmiotu3', 'thirdPartyRoles'],
      ['TRolaPodmiotuUpowaznionego', 'authorizedRoles'],
      ['TStatusInfoPodatnika', 'taxpayerStatus'],
      ['TTypKorekty', 'correctionTypes'],
      ['TRodzajTransportu', 'transport'],
      ['TLadunek', 'cargo'],
      ['TRachunekWlasnyBanku', 'ownBankAccount'],
    ];
    for (const [type, group] of lists) {
      const values = enumeration(type);
      expect(values.length, type).toBeGreaterThan(1);
      for (const locale of LOCALES) for (const [v] of values) expect(translator(locale)(`purchases.inv.${group}.${v}`), `${type} ${v} (${locale})`).not.toMatch(/^purchases\./);
      for (const [v, doc] of values) {
        const pl = translator('pl')(`purchases.inv.${group}.${v}`);
        // The Polish meaning is the XSD's wording (a short form of a long one: the same first word).
        if (['TFormaPlatnosci', 'TRodzajTransportu', 'TLadunek'].includes(type)) expect(pl).toBe(doc);
        if (type === 'TRolaPodmiotu3') expect(doc.startsWith(pl), `${v}: ${pl} / ${doc}`).toBe(true);
      }
    }
  });

  it('every element the page may show generically has a name in both languages', () => {
    // Typed elsewhere (the totals table, the form header, the document's root and containers named by their section).
    const typed = /^(P_13_|P_14_)|^(KodFormularza|WariantFormularza|Faktura|Fa|Naglowek)$/;
    for (const locale of LOCALES) {
      const t = translator(locale);
      const missing = [...ELEMENT_NAMES].filter((n) => !typed.test(n) && t(`purchases.inv.el.${n}`).startsWith('purchases.'));
      expect(missing, locale).toEqual([]);
    }
  });

  it('the invoice kind, third-party roles and the exemption with its basis are named', () => {
    expect(value(sectionsOf('kor-correction.xml'), 'details', 'Rodzaj faktury')).toEqual(['Faktura korygująca']);
    expect(value(sectionsOf('zal-advance.xml', 'en'), 'details', 'Invoice type')).toEqual(['Advance invoice']);
    const third = sectionsOf('csharp-invoice-template-fa-3-with-custom-Subject3.xml').filter((s) => s.id.startsWith('third-'));
    expect(third.length).toBeGreaterThan(0);
    for (const s of third) expect(s.title).toMatch(/^Podmiot trzeci: [A-ZŁŚŻ][a-ząćęłńóśźż]/);
    expect(third.map((s) => s.title)).toContain('Podmiot trzeci: Jednostka samorządu terytorialnego - odbiorca');
    const zw = section(sectionsOf('vat-exempt-zw.xml'), 'annotations');
    expect(find(zw.entries, 'Zwolnienie z VAT')?.lines).toEqual(['przepis ustawy albo aktu wydanego na podstawie ustawy: art. 43 ust. 1 pkt 29 lit. a ustawy o VAT']);
  });

  it('annotations in words: yes/no per marking, no „Brak zwolnienia” when nothing is exempt', () => {
    const a = section(sectionsOf('vat-split-payment.xml'), 'annotations');
    expect(find(a.entries, 'Mechanizm podzielonej płatności')?.lines).toEqual(['Tak']);
    expect(find(a.entries, 'Odwrotne obciążenie')?.lines).toEqual(['Nie']);
    expect(find(a.entries, 'Metoda kasowa')?.lines).toEqual(['Nie']);
    expect(find(a.entries, 'Zwolnienie z VAT')).toBeUndefined();
    expect(sectionTexts([a]).join(' ')).not.toMatch(/Brak zwolnienia|P_19/);
    expect(find(section(sectionsOf('vat-reverse-charge-oo.xml'), 'annotations').entries, 'Odwrotne obciążenie')?.lines).toEqual(['Tak']);
  });
});

describe('addresses, dates, instants, amounts and accounts as people write them', () => {
  it('an address is its street line and its postcode-and-town line; Poland is not named, another country is', () => {
    const ss = sectionsOf('vat-wdt-eu-buyer.xml');
    expect(value(ss, 'seller', 'Adres')).toEqual(['ul. Kwiatowa 1 m. 2', '00-001 Warszawa']);
    expect(value(ss, 'buyer', 'Adres')).toEqual(['Hauptstr. 1', '10115 Berlin', 'Niemcy']);
    expect(value(sectionsOf('vat-wdt-eu-buyer.xml', 'en'), 'buyer', 'Address')).toEqual(['Hauptstr. 1', '10115 Berlin', 'Germany']);
    expect(value(ss, 'buyer', 'Numer VAT UE')).toEqual(['DE123456789']);
  });

  it('dates DD.MM.RRRR, the file’s creation instant in Warsaw time', () => {
    const ss = sectionsOf('vat-split-payment.xml');
    expect(value(ss, 'details', 'Data wystawienia')![0]).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
    // 2026-02-01T10:00:00Z is 11:00 in Warsaw (CET).
    expect(value(ss, 'details', 'Plik faktury wytworzono')).toEqual(['01.02.2026, 11:00']);
  });

  it('amounts with a decimal comma, grouped thousands and the currency; the account number grouped', () => {
    const ss = sectionsOf('vat-split-payment.xml');
    expect(value(ss, 'totals', 'Kwota należności ogółem')![0]).toMatch(/^\d{1,3}(\u00a0\d{3})*,\d{2}\u00a0zł$/);
    expect(value(ss, 'payment', 'Numer rachunku')).toEqual(['73 1111 1111 1111 1111 1111 1111']);
    const foreign = sectionsOf('vat-export-foreign-currency.xml');
    expect(value(foreign, 'totals', 'Kwota należności ogółem')![0]).toMatch(/,\d{2}\u00a0(EUR|USD)$/);
    expect(value(foreign, 'details', 'Waluta')![0]).toMatch(/^(EUR|USD) \(.+\)$/);
    const totals = section(foreign, 'totals').tables![0]!;
    expect(totals.columns.map((c) => c.label)).toContain('VAT w zł');
  });

  it('the lines table names its columns and puts the currency in the amount columns', () => {
    const t = section(sectionsOf('vat-split-payment.xml'), 'lines').tables![0]!;
    expect(t.columns.map((c) => c.label)).toEqual(expect.arrayContaining(['Lp.', 'Nazwa towaru lub usługi', 'Ilość', 'Stawka VAT', 'Wartość netto (zł)']));
    expect(t.rows[0]![t.columns.findIndex((c) => c.label === 'Wartość netto (zł)')]!.text).toMatch(/^-?\d{1,3}(\u00a0\d{3})*,\d{2}$/);
  });

  it('a correction lists its lines before and after, and the corrected invoice', () => {
    const ss = sectionsOf('kor-correction.xml');
    expect(section(ss, 'lines').tables!.map((t) => t.caption)).toEqual(['Stan przed korektą', 'Stan po korekcie']);
    const c = section(ss, 'correction');
    expect(c.tables![0]!.rows[0]![0]!.text).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  });

  it('an attachment is shown as its tables, with the column names the seller gave', () => {
    const z = section(sectionsOf('csharp-invoice-template-fa-3-with-attachment.xml'), 'zalacznik');
    const tables = z.parts!.flatMap((p) => p.tables ?? []);
    expect(tables.length).toBeGreaterThan(0);
    for (const t of tables) for (const r of t.rows) expect(r.length).toBe(t.columns.length);
    expect(sectionTexts([z]).join(' ')).not.toMatch(/Typ=|\b(dec|txt|int)\b/);
  });
});

describe('the lines of a huge invoice come a page at a time', () => {
  const base = parseFa3(read(files[0]!));
  const huge = { ...base, lines: Array.from({ length: 6_900 }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja ${i + 1}` })) };
  const lines = (page?: number) => invoiceSections(huge, { linesPage: page }).find((s) => s.id === 'lines')!;
  const names = (s: Section) => s.tables![0]!.rows.map((r) => r[1]!.text);

  it('shows the first 100 lines and says how many there are', () => {
    const s = lines();
    expect(s.tables![0]!.rows).toHaveLength(LINES_PER_PAGE);
    expect(s.paging).toEqual({ page: 1, pages: 69, from: 1, to: 100, total: 6_900 });
    expect(names(s)[0]).toBe('Pozycja 1');
  });

  it('any page by number; out-of-range and garbage page numbers land on a real page', () => {
    expect(lines(69).paging).toMatchObject({ page: 69, from: 6_801, to: 6_900 });
    expect(names(lines(69)).at(-1)).toBe('Pozycja 6900');
    expect(lines(5_000).paging!.page).toBe(69);
    expect(lines(Number.NaN).paging!.page).toBe(1);
    expect(lines(-3).paging!.page).toBe(1);
    expect(lines(2.7).paging!.page).toBe(2);
  });

  it('an ordinary invoice has one page', () => {
    expect(invoiceSections(base).find((s) => s.id === 'lines')!.paging).toMatchObject({ page: 1, pages: 1, total: base.lines.length });
  });
});
