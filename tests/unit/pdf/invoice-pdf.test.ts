/**
 * The PDF visualisation, checked against the FA(3) content it must show (ksef-protocol.md §14 item
 * 17: the official generator mis-rounded, mislabelled rates and garbled corrections). Every check
 * reads the PDF back the way a viewer does (pdf.js), so a value that is in the model but not visibly
 * in the PDF fails.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import QRCode from 'qrcode';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Invoice } from '@/lib/fa3/model';
import { parseFa3 } from '@/lib/fa3/parse';
import { formatAmount, formatDate, formatDecimal } from '@/lib/pdf/format';
import { NOT_IN_KSEF_NOTE, renderInvoicePdf } from '@/lib/pdf/invoice-pdf';
import { extractPdfImages, extractPdfText } from '@/tests/support/pdf-text';

const GOLDEN = path.join(process.cwd(), 'tests/fixtures/fa3/golden');
const SAMPLES = path.join(process.cwd(), 'tests/fixtures/samples/fa3');
const KSEF = '5265877635-20260131-0100001AF629-AF';
const URL_ = 'https://qr-test.ksef.mf.gov.pl/invoice/5265877635/31-01-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE';

const golden = (name: string): Invoice => parseFa3(readFileSync(path.join(GOLDEN, `${name}.xml`)));
/** pdf.js reports the no-break space of amounts as a plain space: compare on that. */
const amt = (v: string) => formatAmount(v).replace(/\u00a0/g, ' ');
const lines = (text: string) => text.split('\n');
/** The text between a section heading and the next one of `until`. */
function section(text: string, from: string, until: string[]): string {
  const start = text.indexOf(from);
  expect(start, `section "${from}"`).toBeGreaterThanOrEqual(0);
  const ends = until.map((u) => text.indexOf(u, start + from.length)).filter((i) => i > 0);
  return text.slice(start, ends.length ? Math.min(...ends) : undefined);
}

const KINDS = [
  'vat-domestic-rates',
  'vat-gross-mode',
  'vat-wdt-eu-buyer',
  'vat-export-foreign-currency',
  'vat-exempt-zw',
  'vat-np-consumer',
  'vat-reverse-charge-oo',
  'vat-split-payment',
  'kor-correction',
  'zal-advance',
  'roz-settlement',
  'upr-simplified',
] as const;

const texts = new Map<string, string>();
const pdfs = new Map<string, Buffer>();

beforeAll(async () => {
  await Promise.all(
    KINDS.map(async (k) => {
      const pdf = await renderInvoicePdf({ invoice: golden(k), ksefNumber: KSEF, verificationUrl: URL_ });
      pdfs.set(k, pdf);
      texts.set(k, await extractPdfText(pdf));
    }),
  );
}, 20_000);

describe('formatting', () => {
  it('formats amounts Polish style from the decimal string, with a no-break space', () => {
    expect(formatAmount('1234.56')).toBe('1\u00a0234,56');
    expect(formatAmount('1000')).toBe('1\u00a0000,00');
    expect(formatAmount('-24.6')).toBe('-24,60');
    expect(formatAmount('0.05')).toBe('0,05');
    expect(formatAmount('999')).toBe('999,00');
    // 16 integer digits: a JS number would lose the last digits (and print 1.2345678901234568e15)
    expect(formatAmount('1234567890123456.78')).toBe(['1', '234', '567', '890', '123', '456,78'].join('\u00a0'));
  });

  it('keeps every fraction digit of quantities and prices, and formats dates DD.MM.YYYY', () => {
    expect(formatDecimal('0.333333', 2)).toBe('0,333333');
    expect(formatDecimal('50', 2)).toBe('50,00');
    expect(formatDecimal('2.5')).toBe('2,5');
    expect(formatDecimal('12345.6789')).toBe('12\u00a0345,6789');
    expect(formatDate('2026-01-31')).toBe('31.01.2026');
  });
});

describe.each(KINDS)('golden invoice %s', (kind) => {
  it('shows number, parties, every line and every per-rate sum and P_15 as in the totals', () => {
    const inv = golden(kind);
    const text = texts.get(kind)!;
    expect(text).toContain(inv.number);
    expect(text).toContain(`NIP ${inv.seller.nip}`);
    const b = inv.buyer.id;
    if (b.type === 'nip') expect(text).toContain(`NIP ${b.nip}`);
    if (b.type === 'eu') expect(text).toContain(`${b.countryCode}${b.vatNumber}`);
    if (b.type === 'foreign') expect(text).toContain(b.taxId);
    if (inv.buyer.name) expect(text).toContain(inv.buyer.name);
    for (const l of inv.lines) expect(text).toContain(l.name!);

    // Per-rate rows: each bucket's net, VAT and VAT in PLN appear on one row of the summary table.
    const summary = section(text, 'Podsumowanie stawek podatku', ['Kwota należności', 'Otrzymana kwota']);
    const rows = lines(summary);
    for (const [bucket, net] of Object.entries(inv.totals.net)) {
      const vat = inv.totals.vat[bucket];
      const pln = inv.totals.vatPln[bucket];
      const row = rows.find((r) => r.includes(` ${amt(net)} `) && (vat === undefined || r.includes(` ${amt(vat)} `)));
      expect(row, `summary row of bucket ${bucket}`).toBeDefined();
      if (pln !== undefined) expect(row!.endsWith(` ${amt(pln)}`), `VAT in PLN of bucket ${bucket}`).toBe(true);
    }
    const due = `${kind === 'zal-advance' ? 'Otrzymana kwota zapłaty' : 'Kwota należności ogółem'}: ${amt(inv.totals.gross)} ${inv.currency}`;
    expect(text).toContain(due);
    // a buyer reads names, not FA(3) field codes
    expect(text).not.toMatch(/\(P_\d/);
    expect(text).toMatch(/Słownie: \S/);
  });
});

describe('values that the official generator got wrong', () => {
  it('prints the per-rate sums of the domestic-rates invoice exactly (no float re-rounding, right rate labels)', () => {
    const rows = lines(section(texts.get('vat-domestic-rates')!, 'Podsumowanie stawek podatku', ['Kwota należności']));
    // literal expectations, independent of format.ts: Lp., rate, net, VAT, gross
    expect(rows).toContain('1 23% 300,00 69,00 369,00');
    expect(rows).toContain('2 8% 139,93 11,19 151,12');
    expect(rows).toContain('3 5% 3,33 0,17 3,50');
    expect(rows).toContain('4 0% (kraj) 50,00 — 50,00');
    expect(texts.get('vat-domestic-rates')).toContain('Kwota należności ogółem: 573,62 PLN');
    // the 6-digit unit price is shown as given, not rounded to 0,33
    expect(texts.get('vat-domestic-rates')).toMatch(/Towar 3 10 szt\. 0,333333 5% 3,33/);
  });

  it('shows the VAT in PLN and the exchange rate of a foreign-currency invoice', () => {
    const text = texts.get('vat-export-foreign-currency')!;
    expect(text).toContain('Kurs waluty 3,9876');
    expect(lines(text)).toContain('1 23% 10,00 2,30 12,30 9,17'); // 2.30 USD × 3.9876 = 9.17148 → 9,17 PLN
    expect(text).toContain('0% (eksport) 1 000,00');
    expect(text).toContain('Kwota należności ogółem: 1 012,30 USD');
  });

  it('shows a correction: corrected invoice data and the lines before and after, with the signed difference', () => {
    const text = texts.get('kor-correction')!;
    expect(text).toContain('Faktura korygująca');
    expect(text).toContain('Przyczyna korekty Błędna cena');
    expect(text).toContain('Numer faktury korygowanej FV/10/01/2026');
    expect(text).toContain('Data wystawienia faktury korygowanej 15.01.2026');
    expect(text).toContain('Numer KSeF faktury korygowanej 5265877635-20260115-0100001AF629-AF');
    const beforeSec = section(text, 'Pozycje przed korektą', ['Pozycje po korekcie']);
    const afterSec = section(text, 'Pozycje po korekcie', ['Podsumowanie stawek']);
    expect(beforeSec).toMatch(/Towar 1 2 szt\. 100,00 23% 200,00/);
    expect(afterSec).toMatch(/Towar 1 2 szt\. 90,00 23% 180,00/);
    expect(lines(text)).toContain('1 23% -20,00 -4,60 -24,60');
    expect(text).toContain('Kwota należności ogółem: -24,60 PLN');
  });

  it('shows the annotations: split payment, exemption with its legal basis, reverse charge', () => {
    expect(texts.get('vat-split-payment')).toContain('Mechanizm podzielonej płatności');
    expect(texts.get('vat-split-payment')).toContain('Zał. nr 15');
    expect(texts.get('vat-split-payment')).toContain('Podmiot pierwotny'); // Podmiot3 role 3
    expect(texts.get('vat-split-payment')).toContain('Płatnik Sp. z o.o.');
    const zw = texts.get('vat-exempt-zw')!;
    // a long annotation wraps: compare on the text with line breaks as spaces
    expect(zw.replace(/\n/g, ' ')).toContain('Zwolnienie z podatku VAT (przepis ustawy albo aktu wydanego na podstawie ustawy): art. 43 ust. 1 pkt 29 lit. a ustawy o VAT');
    expect(zw).toMatch(/1 zw 1 500,00/);
    const oo = texts.get('vat-reverse-charge-oo')!;
    expect(oo).toContain('Odwrotne obciążenie');
    expect(oo).toContain('GTU_06');
    expect(oo).toMatch(/1 oo 8 000,00/);
    for (const k of ['vat-domestic-rates', 'vat-exempt-zw']) expect(texts.get(k)).not.toContain('Mechanizm podzielonej');
  });

  it('shows advance, settlement and simplified invoice specifics', () => {
    const zal = texts.get('zal-advance')!;
    expect(zal).toContain('Faktura zaliczkowa');
    expect(zal).toContain('Otrzymana kwota zapłaty: 1 230,00 PLN');
    expect(zal).toContain('Nazwa towaru lub usługi Turbina'); // the order (Zamowienie), its element named in words
    const roz = texts.get('roz-settlement')!;
    expect(roz).toContain('Faktura rozliczeniowa');
    expect(roz).toContain('1 5265877635-20260110-0100001AF629-AF');
    expect(roz).toContain('2 FZ/0/12/2025');
    const upr = texts.get('upr-simplified')!;
    expect(upr).toContain('Faktura uproszczona');
    expect(upr).toContain('Forma płatności Gotówka');
    expect(upr).toContain('Zapłacono Tak, dnia 31.01.2026');
    expect(texts.get('vat-wdt-eu-buyer')).toContain('Numer VAT-UE DE123456789');
    expect(texts.get('vat-np-consumer')).toContain('Identyfikator brak identyfikatora podatkowego');
    expect(lines(texts.get('vat-np-consumer')!)).toContain('1 np I 300,00 — 300,00');
    expect(texts.get('vat-gross-mode')).toMatch(/Usługa 2,5 h 123,00 23% 307,50/); // gross mode: P_9B and P_11A
    expect(texts.get('vat-domestic-rates')).toContain('Uwagi Dziękujemy za zakupy');
    expect(texts.get('vat-domestic-rates')).toContain('Termin płatności 14.02.2026');
    expect(texts.get('vat-domestic-rates')).toContain('Numer rachunku bankowego 73 1111 1111 1111 1111 1111 1111');
  });
});

describe('KOD I and the KSeF number', () => {
  const inv = () => golden('vat-domestic-rates');

  it('with a KSeF number: number in the header, QR of the link, caption = KSeF number, link text', async () => {
    const text = texts.get('vat-domestic-rates')!;
    expect(text).not.toContain('OFFLINE');
    expect(text).not.toContain(NOT_IN_KSEF_NOTE);
    expect(lines(text)).toContain(KSEF); // alone on a line: the caption (and the header value)
    expect(text.replace(/\n/g, '')).toContain(URL_);

    // The embedded image is the QR code of exactly the verification URL: sample each module.
    const images = await extractPdfImages(pdfs.get('vat-domestic-rates')!);
    expect(images).toHaveLength(1);
    const img = images[0]!;
    const qr = QRCode.create(URL_, { errorCorrectionLevel: 'M' });
    const n = qr.modules.size;
    const px = img.width / (n + 8); // 4-module quiet zone on each side
    expect(Number.isInteger(px)).toBe(true);
    let mismatches = 0;
    for (let r = 0; r < n; r++) {
      for (let c = 0; c < n; c++) {
        const i = (Math.floor((r + 4 + 0.5) * px) * img.width + Math.floor((c + 4 + 0.5) * px)) * img.channels;
        const dark = img.data[i]! < 128;
        if (dark !== Boolean(qr.modules.get(r, c))) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    // and the quiet zone is white
    expect(img.data[0]!).toBeGreaterThan(200);
  });

  it('without a KSeF number but with a link: caption OFFLINE', async () => {
    const pdf = await renderInvoicePdf({ invoice: inv(), verificationUrl: URL_ });
    const text = await extractPdfText(pdf);
    expect(lines(text)).toContain('OFFLINE');
    expect(text).not.toContain(KSEF);
    expect(text).not.toContain(NOT_IN_KSEF_NOTE);
    expect(await extractPdfImages(pdf)).toHaveLength(1);
  });

  it('without a link: no QR, and the note that the invoice is not yet in KSeF', async () => {
    const pdf = await renderInvoicePdf({ invoice: inv(), verificationUrl: null, ksefNumber: null });
    const text = await extractPdfText(pdf);
    expect(text).toContain(NOT_IN_KSEF_NOTE);
    expect(text).not.toContain('OFFLINE');
    expect(text).not.toContain('qr-test.ksef.mf.gov.pl');
    expect(await extractPdfImages(pdf)).toHaveLength(0);
  });
});

describe('fonts, determinism, pagination', () => {
  it('round-trips Polish diacritics through the embedded DejaVu Sans', async () => {
    const base = golden('vat-domestic-rates');
    const invoice: Invoice = {
      ...base,
      seller: { ...base.seller, name: 'Zakład Łączności „Źdźbło” ąćęłńóśźż' },
      lines: [{ ...base.lines[0]!, name: 'Usługa żółć ĄĆĘŁŃÓŚŹŻ' }],
      totals: { net: { '1': '300.00' }, vat: { '1': '69.00' }, vatPln: {}, gross: '369.00' },
    };
    const pdf = await renderInvoicePdf({ invoice });
    const text = await extractPdfText(pdf);
    expect(text).toContain('Usługa żółć ĄĆĘŁŃÓŚŹŻ');
    expect(text).toContain('Zakład Łączności „Źdźbło” ąćęłńóśźż');
    // (booleans, so that a failure does not print the whole PDF)
    const raw = pdf.toString('latin1');
    expect(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/.test(raw)).toBe(true);
    expect(/\/BaseFont \/[A-Z]{6}\+DejaVuSans-Bold\b/.test(raw)).toBe(true);
    expect(raw.includes('Helvetica')).toBe(false); // a standard font could not show ą, ł, ż …
  });

  it('gives the same bytes for the same input; the creation date comes from generatedAt or DataWytworzeniaFa', async () => {
    const invoice = golden('vat-split-payment');
    const a = await renderInvoicePdf({ invoice, ksefNumber: KSEF, verificationUrl: URL_ });
    expect(a.equals(pdfs.get('vat-split-payment')!)).toBe(true);
    expect(invoice.createdAt).toBe('2026-02-01T10:00:00Z');
    expect(a.toString('latin1').includes('(D:20260201100000Z)')).toBe(true);
    const b = await renderInvoicePdf({ invoice, ksefNumber: KSEF, verificationUrl: URL_, generatedAt: new Date('2026-03-01T12:00:00Z') });
    expect(b.equals(a)).toBe(false);
    expect(b.toString('latin1').includes('(D:20260301120000Z)')).toBe(true);
    expect(b.toString('latin1').includes('(D:20260201100000Z)')).toBe(false);
  });

  it('breaks long invoices over pages, repeating the table header and numbering pages', async () => {
    const base = golden('vat-domestic-rates');
    const many = Array.from({ length: 120 }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja numer ${i + 1}` }));
    const pdf = await renderInvoicePdf({ invoice: { ...base, lines: many }, ksefNumber: KSEF, verificationUrl: URL_ });
    const text = await extractPdfText(pdf);
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i <= 120; i++) expect(text).toContain(`Pozycja numer ${i} `);
    pages.forEach((p, i) => expect(p).toContain(`Strona ${i + 1} z ${pages.length}`));
    expect(pages.filter((p) => p.includes('Nazwa towaru lub usługi')).length).toBeGreaterThanOrEqual(3);
  });
});

describe('real FA(3) samples', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.xml'));
  it('finds the samples', () => expect(files.length).toBeGreaterThan(0));
  it.each(files)('%s renders with its P_2 and P_15', async (file) => {
    const invoice = parseFa3(readFileSync(path.join(SAMPLES, file)));
    const text = await extractPdfText(await renderInvoicePdf({ invoice, ksefNumber: KSEF, verificationUrl: URL_ }));
    expect(text).toContain(invoice.number);
    expect(text).toMatch(new RegExp(`(Kwota należności ogółem|Otrzymana kwota zapłaty): ${amt(invoice.totals.gross).replace(/[-.]/g, '\\$&')} ${invoice.currency}`));
    for (const l of invoice.lines) if (l.name) expect(text.replace(/\n/g, ' ')).toContain(l.name.replace(/\s+/g, ' ').slice(0, 20));
  });
});

describe('totals and KOD I together', () => {
  it('keeps the VAT summary, the total due in words and the QR code on page 1 of a short invoice', async () => {
    for (const k of ['vat-domestic-rates', 'kor-correction', 'vat-split-payment'] as const) {
      const first = texts.get(k)!.split('\f')[0]!;
      expect(first.indexOf('Podsumowanie stawek podatku'), k).toBeLessThan(first.indexOf('Słownie:'));
      expect(first.indexOf('Podsumowanie stawek podatku'), k).toBeGreaterThan(0);
      expect(first.indexOf('Słownie:'), k).toBeLessThan(first.indexOf('Sprawdź, czy Twoja faktura znajduje się w KSeF!'));
    }
    expect(texts.get('vat-domestic-rates')).toContain('Słownie: pięćset siedemdziesiąt trzy złote 62/100');
  });

  it('moves the whole block to the next page, not the QR code alone, when the lines fill page 1', async () => {
    const base = golden('vat-domestic-rates');
    // enough lines that the summary would fit on page 1 but the block with the QR code would not
    for (let n = 20; n <= 40; n++) {
      const many = Array.from({ length: n }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja ${i + 1}` }));
      const text = await extractPdfText(await renderInvoicePdf({ invoice: { ...base, lines: many }, ksefNumber: KSEF, verificationUrl: URL_ }));
      const qrPage = text.split('\f').findIndex((p) => p.includes('Sprawdź, czy Twoja faktura znajduje się w KSeF!'));
      const totalPage = text.split('\f').findIndex((p) => p.includes('Kwota należności ogółem'));
      const summaryPage = text.split('\f').findIndex((p) => p.includes('Podsumowanie stawek podatku'));
      expect([summaryPage, totalPage], `${n} lines`).toEqual([qrPage, qrPage]);
    }
  }, 30_000);
});

describe('a duplicate', () => {
  it('is the same invoice marked DUPLIKAT with its own date, on every page', async () => {
    const base = golden('vat-domestic-rates');
    const many = Array.from({ length: 80 }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja ${i + 1}` }));
    const text = await extractPdfText(await renderInvoicePdf({ invoice: { ...base, lines: many }, ksefNumber: KSEF, verificationUrl: URL_, duplicateIssuedOn: '2026-12-04' }));
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toContain('Data wystawienia duplikatu: 04.12.2026');
    expect(pages[0]).toContain('Data wystawienia 31.01.2026'); // the invoice keeps its own date
    pages.forEach((p) => expect(p).toContain(`DUPLIKAT z dnia 04.12.2026 · ${base.number}`));
    expect(texts.get('vat-domestic-rates')).not.toContain('DUPLIKAT');
  });
});
