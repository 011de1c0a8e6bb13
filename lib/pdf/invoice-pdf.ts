/**
 * PDF visualisation of an issued FA(3) invoice (layout after the official ksef-pdf-generator:
 * header, parties, details, lines, VAT summary, annotations, correction/advance data, payment,
 * notes, unmodelled sections, and KOD I at the bottom). See docs/pdf.md.
 *
 * Amounts are printed from the model's decimal strings (format.ts); the only arithmetic is the
 * gross of a VAT-summary row (P_13_x + P_14_x), done in decimal.js. Output bytes depend only on the
 * input: the PDF's creation date (which also seeds the file ID) comes from `generatedAt` or the
 * invoice's DataWytworzeniaFa, and pdfkit's font subset tags are derived, not random.
 */
import QRCode from 'qrcode';
import type { Address, Buyer, Contact, Extra, Invoice, Line, PartyId, Payment, Seller, ThirdParty, VatRate, XmlNode } from '@/lib/fa3/model';
import { BUCKET_ORDER, dec, money, PLN_VAT_BUCKETS, RATE_BUCKET, VAT_BUCKETS } from '@/lib/fa3/totals';
import { amountInWords } from '@/lib/invoices/amount-in-words';
import { formatBankAccount } from '@/lib/invoices/bank-account';
import { formatAmount, formatDate, formatDecimal } from './format';
import { BORDER, CONTENT_W, GREY, MARGIN, PAGE_H, PdfBudgetError, SIZE, Writer, openPdf, type Col } from './writer';
import { BUCKET_LABEL, CORRECTION_TYPE, ELEMENT_LABEL, EXEMPTION_BASIS, EXTRA_TITLE, KIND_TITLE, LINE_RATE, PAYMENT_METHOD, TAXPAYER_STATUS, THIRD_PARTY_ROLE } from './labels';

export interface RenderInvoicePdfInput {
  invoice: Invoice;
  /** Number assigned by KSeF; printed in the header and as the caption under KOD I. */
  ksefNumber?: string | null;
  /** KOD I link (kody-qr.md), built by the caller. null/undefined → no QR code. */
  verificationUrl?: string | null;
  /** Creation date written into the PDF; defaults to the invoice's DataWytworzeniaFa. */
  generatedAt?: Date;
  /** Time budget of the render; past it, PdfBudgetError. */
  budgetMs?: number;
  /**
   * A duplicate (art. 106l ustawy o VAT): the same content, marked DUPLIKAT with the day the
   * duplicate is issued (YYYY-MM-DD), in the header and on every page's footer.
   */
  duplicateIssuedOn?: string;
}

export const PDF_BUDGET_MS = 20_000;
export { PdfBudgetError };

export const NOT_IN_KSEF_NOTE = 'Faktura nie została jeszcze przyjęta w KSeF';
export const OFFLINE_CAPTION = 'OFFLINE';

/** Caption under KOD I (kody-qr.md): the KSeF number once known, otherwise OFFLINE. */
export function kodICaption(ksefNumber?: string | null): string {
  return ksefNumber ? ksefNumber : OFFLINE_CAPTION;
}

// ---- content helpers ---------------------------------------------------------------------------

function addressLines(a: Address | undefined): string {
  if (!a) return '';
  return [a.line1, a.line2, a.country !== 'PL' ? a.country : undefined, a.gln ? `GLN: ${a.gln}` : undefined].filter(Boolean).join('\n');
}

function contactRows(contacts: Contact[] | undefined): [string, string][] {
  const rows: [string, string][] = [];
  for (const c of contacts ?? []) {
    if (c.email) rows.push(['E-mail', c.email]);
    if (c.phone) rows.push(['Tel.', c.phone]);
  }
  return rows;
}

function idRow(id: PartyId): [string, string] {
  switch (id.type) {
    case 'nip':
      return ['NIP', id.nip];
    case 'internal':
      return ['Identyfikator wewnętrzny', id.internalId];
    case 'eu':
      return ['Numer VAT-UE', `${id.countryCode}${id.vatNumber}`];
    case 'foreign':
      return ['Identyfikator podatkowy', [id.countryCode, id.taxId].filter(Boolean).join(' ')];
    case 'none':
      return ['Identyfikator', 'brak identyfikatora podatkowego'];
  }
}

/** An unmodelled XML subtree as label/value rows, nesting shown by indentation. */
function xmlRows(node: XmlNode, depth = 0, out: [string, string][] = []): [string, string][] {
  const label = `${'  '.repeat(depth)}${ELEMENT_LABEL[node.name] ?? node.name}`;
  const attrs = node.attrs
    ? Object.entries(node.attrs)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')
    : '';
  const value = [node.text?.trim(), attrs].filter(Boolean).join(' ');
  if (value || !node.children?.length) out.push([label, value]);
  else out.push([label, '']);
  for (const c of node.children ?? []) xmlRows(c, depth + 1, out);
  return out;
}

function extraRows(extra: Extra | undefined): [string, string][] {
  const rows: [string, string][] = [];
  for (const nodes of Object.values(extra ?? {})) for (const n of nodes) xmlRows(n, 0, rows);
  return rows;
}

function findTexts(nodes: XmlNode[] | undefined, name: string, out: string[] = []): string[] {
  for (const n of nodes ?? []) {
    if (n.name === name && n.text) out.push(n.text.trim());
    findTexts(n.children, name, out);
  }
  return out;
}

/** Rate label of a VAT-summary bucket: the one rate the lines (or the order lines of an advance) use, if unambiguous. */
function bucketLabel(bucket: string, inv: Invoice): string {
  const rates = new Set<string>();
  for (const l of inv.lines) if (l.vatRate && RATE_BUCKET[l.vatRate] === bucket) rates.add(l.vatRate);
  for (const r of findTexts(inv.faExtra?.Zamowienie, 'P_12Z')) if (r in RATE_BUCKET && RATE_BUCKET[r as VatRate] === bucket) rates.add(r);
  const [only] = [...rates];
  return rates.size === 1 && only ? LINE_RATE[only as VatRate] : (BUCKET_LABEL[bucket] ?? bucket);
}

const MARGIN_VARIANT: Record<string, string> = {
  P_PMarzy_2: 'procedura marży dla biur podróży',
  P_PMarzy_3_1: 'procedura marży - towary używane',
  P_PMarzy_3_2: 'procedura marży - dzieła sztuki',
  P_PMarzy_3_3: 'procedura marży - przedmioty kolekcjonerskie i antyki',
};

function annotationLines(inv: Invoice): string[] {
  const a = inv.annotations;
  const out: string[] = [];
  if (a.splitPayment) out.push('Mechanizm podzielonej płatności');
  if (a.reverseCharge) out.push('Odwrotne obciążenie');
  if (a.exemption) out.push(`Zwolnienie z podatku VAT (${EXEMPTION_BASIS[a.exemption.basis]}): ${a.exemption.text}`);
  if (a.selfBilling) out.push('Samofakturowanie');
  if (a.cashMethod) out.push('Metoda kasowa');
  if (a.simplifiedTriangular) out.push('VAT: Faktura WE uproszczona na mocy art. 135-138 ustawy o ptu');
  if (a.newTransport) out.push('Wewnątrzwspólnotowa dostawa nowych środków transportu');
  if (a.margin) {
    const variants = (a.margin.children ?? []).filter((c) => c.text?.trim() === '1' && MARGIN_VARIANT[c.name]).map((c) => MARGIN_VARIANT[c.name]!);
    out.push(variants.length ? `Procedura marży: ${variants.join(', ')}` : 'Procedura marży');
  }
  return out;
}

function lineDetails(l: Line): string {
  const parts: string[] = [];
  if (l.date) parts.push(`Data: ${formatDate(l.date)}`);
  if (l.index) parts.push(`Indeks: ${l.index}`);
  if (l.gtin) parts.push(`GTIN: ${l.gtin}`);
  if (l.pkwiu) parts.push(`PKWiU: ${l.pkwiu}`);
  if (l.cn) parts.push(`CN: ${l.cn}`);
  if (l.gtu) parts.push(l.gtu);
  if (l.procedure) parts.push(`Procedura: ${l.procedure}`);
  if (l.annex15) parts.push('Zał. nr 15');
  if (l.uuid) parts.push(`UU_ID: ${l.uuid}`);
  for (const [k, v] of extraRows(l.extra)) parts.push(v ? `${k.trim()}: ${v}` : k.trim());
  return parts.join('; ');
}

async function linesTable(w: Writer, lines: Line[]): Promise<void> {
  const any = (f: (l: Line) => unknown) => lines.some((l) => f(l) !== undefined);
  const cols: { col: Col; cell: (l: Line) => string }[] = [
    { col: { header: 'Lp.', width: 20, align: 'center' }, cell: (l) => l.no },
    { col: { header: 'Nazwa towaru lub usługi', width: 0 }, cell: (l) => [l.name?.replace(/\s+/g, ' ').trim() ?? '', lineDetails(l)].filter(Boolean).join('\n') }, // XML indentation inside P_7 is not content
  ];
  if (any((l) => l.quantity)) cols.push({ col: { header: 'Ilość', width: 40, align: 'right' }, cell: (l) => (l.quantity ? formatDecimal(l.quantity) : '') });
  if (any((l) => l.unit)) cols.push({ col: { header: 'J.m.', width: 28, align: 'center' }, cell: (l) => l.unit ?? '' });
  if (any((l) => l.unitNetPrice)) cols.push({ col: { header: 'Cena jedn. netto', width: 54, align: 'right' }, cell: (l) => (l.unitNetPrice ? formatDecimal(l.unitNetPrice, 2) : '') });
  if (any((l) => l.unitGrossPrice)) cols.push({ col: { header: 'Cena jedn. brutto', width: 54, align: 'right' }, cell: (l) => (l.unitGrossPrice ? formatDecimal(l.unitGrossPrice, 2) : '') });
  if (any((l) => l.discount)) cols.push({ col: { header: 'Rabat', width: 44, align: 'right' }, cell: (l) => (l.discount ? formatDecimal(l.discount, 2) : '') });
  if (any((l) => l.vatRate)) cols.push({ col: { header: 'Stawka VAT', width: 42, align: 'center' }, cell: (l) => (l.vatRate ? LINE_RATE[l.vatRate] : '') });
  if (any((l) => l.net)) cols.push({ col: { header: 'Wartość netto', width: 60, align: 'right' }, cell: (l) => (l.net ? formatAmount(l.net) : '') });
  if (any((l) => l.vat)) cols.push({ col: { header: 'Kwota VAT', width: 52, align: 'right' }, cell: (l) => (l.vat ? formatAmount(l.vat) : '') });
  if (any((l) => l.gross)) cols.push({ col: { header: 'Wartość brutto', width: 60, align: 'right' }, cell: (l) => (l.gross ? formatAmount(l.gross) : '') });
  if (any((l) => l.exchangeRate)) cols.push({ col: { header: 'Kurs waluty', width: 44, align: 'right' }, cell: (l) => (l.exchangeRate ? formatDecimal(l.exchangeRate) : '') });
  await w.table(
    cols.map((c) => c.col),
    lines.map((l) => cols.map((c) => c.cell(l))),
  );
}

const isCorrection = (inv: Invoice) => inv.kind === 'KOR' || inv.kind === 'KOR_ZAL' || inv.kind === 'KOR_ROZ';

function creationDate(input: RenderInvoicePdfInput): Date {
  if (input.generatedAt && !Number.isNaN(input.generatedAt.getTime())) return input.generatedAt;
  const fromInvoice = new Date(input.invoice.createdAt);
  if (!Number.isNaN(fromInvoice.getTime())) return fromInvoice;
  return new Date(`${input.invoice.issueDate}T00:00:00Z`);
}

// ---- the document ------------------------------------------------------------------------------

type Rows = [string, string][];

/** What every section may need besides the invoice: the KSeF number and the KOD I link, both optional. */
interface Ksef {
  ksefNumber: string | null;
  url: string | null;
}

const isAdvance = (inv: Invoice) => inv.kind === 'ZAL' || inv.kind === 'KOR_ZAL';

function kodIPng(url: string): Promise<Buffer> {
  return QRCode.toBuffer(url, {
    type: 'png',
    errorCorrectionLevel: 'M', // as the official clients; ISO/IEC 18004 quiet zone of 4 modules
    margin: 4,
    scale: 8,
    // 8-bit grayscale PNG: embedded as is (no alpha mask)
    rendererOpts: { colorType: 0 } as QRCode.QRCodeToBufferOptions['rendererOpts'],
  });
}

/** The invoice's document: our fonts, its number, seller and KSeF number as metadata. */
function openDocument(input: RenderInvoicePdfInput, ksefNumber: string | null): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  const inv = input.invoice;
  return openPdf({
    Title: `Faktura ${inv.number}`,
    Author: inv.seller.name,
    Subject: ksefNumber ? `Numer KSeF: ${ksefNumber}` : `Faktura ${inv.number}`,
    CreationDate: creationDate(input),
  });
}

/** Title and kind on the left, number and KSeF number (or why there is none) on the right. */
export const DUPLICATE_MARK = 'DUPLIKAT';
const DUPLICATE_RED = '#A00000';

function drawHeader(w: Writer, inv: Invoice, { ksefNumber, url }: Ksef, duplicateIssuedOn: string | undefined): void {
  const half = CONTENT_W / 2;
  const right = MARGIN + half;
  const leftH = w.put('Faktura VAT', MARGIN, w.y, half, { size: SIZE.title, bold: true });
  let lh = leftH + 2;
  lh += w.put(KIND_TITLE[inv.kind], MARGIN, w.y + lh, half, { size: SIZE.heading });
  if (duplicateIssuedOn) {
    lh += 4 + w.put(DUPLICATE_MARK, MARGIN, w.y + lh + 4, half, { size: SIZE.title, bold: true, color: DUPLICATE_RED });
    lh += w.put(`Data wystawienia duplikatu: ${formatDate(duplicateIssuedOn)}`, MARGIN, w.y + lh, half, { bold: true, color: DUPLICATE_RED });
  }
  let rh = w.put('Numer faktury', right, w.y, half, { align: 'right', color: GREY });
  rh += w.put(inv.number, right, w.y + rh, half, { align: 'right', bold: true, size: 13 });
  rh += 3;
  if (ksefNumber) {
    rh += w.put('Numer KSeF', right, w.y + rh, half, { align: 'right', color: GREY });
    rh += w.put(ksefNumber, right, w.y + rh, half, { align: 'right', bold: true });
  } else if (url) {
    rh += w.put('Numer KSeF: jeszcze nie nadany (OFFLINE)', right, w.y + rh, half, { align: 'right' });
  } else {
    rh += w.put(NOT_IN_KSEF_NOTE, right, w.y + rh, half, { align: 'right', bold: true, color: '#A00000' });
  }
  w.y += Math.max(rh, lh) + 6;
}

function sellerRows(seller: Seller): Rows {
  const rows: Rows = [
    ['NIP', `${seller.taxPrefix ?? ''}${seller.nip}`],
    ['Nazwa', seller.name],
    ['Adres', addressLines(seller.address)],
  ];
  if (seller.correspondenceAddress) rows.push(['Adres do korespondencji', addressLines(seller.correspondenceAddress)]);
  rows.push(...contactRows(seller.contacts));
  if (seller.eori) rows.push(['Numer EORI', seller.eori]);
  if (seller.taxpayerStatus) rows.push(['Status podatnika', TAXPAYER_STATUS[seller.taxpayerStatus] ?? seller.taxpayerStatus]);
  rows.push(...extraRows(seller.extra));
  return rows;
}

function buyerRows(buyer: Buyer): Rows {
  const rows: Rows = [idRow(buyer.id)];
  if (buyer.name) rows.push(['Nazwa', buyer.name]);
  if (buyer.address) rows.push(['Adres', addressLines(buyer.address)]);
  if (buyer.correspondenceAddress) rows.push(['Adres do korespondencji', addressLines(buyer.correspondenceAddress)]);
  rows.push(...contactRows(buyer.contacts));
  if (buyer.eori) rows.push(['Numer EORI', buyer.eori]);
  if (buyer.customerNumber) rows.push(['Numer klienta', buyer.customerNumber]);
  if (buyer.buyerId) rows.push(['Identyfikator nabywcy', buyer.buyerId]);
  if (buyer.jst) rows.push(['JST', 'Faktura dotyczy jednostki podrzędnej JST']);
  if (buyer.gv) rows.push(['GV', 'Faktura dotyczy członka grupy VAT']);
  rows.push(...extraRows(buyer.extra));
  return rows;
}

/** Seller and buyer side by side, kept on one page together. */
function drawParties(w: Writer, inv: Invoice): void {
  const colW = (CONTENT_W - 12) / 2;
  const labelW = 78;
  const seller = sellerRows(inv.seller);
  const buyer = buyerRows(inv.buyer);
  w.ensure(Math.max(w.kvHeight(seller, colW, labelW), w.kvHeight(buyer, colW, labelW)) + 20);
  w.put('Sprzedawca', MARGIN, w.y, colW, { size: SIZE.heading, bold: true });
  w.put('Nabywca', MARGIN + colW + 12, w.y, colW, { size: SIZE.heading, bold: true });
  w.y += 15;
  w.doc
    .moveTo(MARGIN, w.y - 2)
    .lineTo(MARGIN + CONTENT_W, w.y - 2)
    .lineWidth(0.5)
    .strokeColor(BORDER)
    .stroke();
  const sh = w.kvBlock(seller, MARGIN, w.y, colW, labelW);
  const bh = w.kvBlock(buyer, MARGIN + colW + 12, w.y, colW, labelW);
  w.y += Math.max(sh, bh) + 4;
}

function thirdPartyRows(p: ThirdParty): Rows {
  const rows: Rows = [['Rola', 'code' in p.role ? (THIRD_PARTY_ROLE[p.role.code] ?? p.role.code) : `Inna: ${p.role.other}`], idRow(p.id)];
  if (p.name) rows.push(['Nazwa', p.name]);
  if (p.address) rows.push(['Adres', addressLines(p.address)]);
  if (p.correspondenceAddress) rows.push(['Adres do korespondencji', addressLines(p.correspondenceAddress)]);
  rows.push(...contactRows(p.contacts));
  if (p.eori) rows.push(['Numer EORI', p.eori]);
  if (p.share) rows.push(['Udział', `${formatDecimal(p.share)}%`]);
  if (p.customerNumber) rows.push(['Numer klienta', p.customerNumber]);
  if (p.buyerId) rows.push(['Identyfikator nabywcy', p.buyerId]);
  rows.push(...extraRows(p.extra));
  return rows;
}

/** Each Podmiot3 under its own heading. */
function drawThirdParties(w: Writer, inv: Invoice): void {
  for (const [i, p] of (inv.thirdParties ?? []).entries()) {
    w.heading(`Podmiot trzeci ${i + 1}`);
    w.kv(thirdPartyRows(p), 120);
  }
}

/** Szczegóły: dates, place, period, currency and rate, WZ numbers. */
function drawDetails(w: Writer, inv: Invoice): void {
  w.heading('Szczegóły');
  const rows: Rows = [['Data wystawienia', formatDate(inv.issueDate)]];
  if (inv.issuePlace) rows.push(['Miejsce wystawienia', inv.issuePlace]);
  if (inv.saleDate) {
    const label = isAdvance(inv) ? 'Data otrzymania zapłaty' : 'Data dokonania lub zakończenia dostawy towarów lub wykonania usługi';
    rows.push([label, formatDate(inv.saleDate)]);
  }
  if (inv.salePeriod) rows.push(['Okres, którego dotyczy faktura', `od ${formatDate(inv.salePeriod.from)} do ${formatDate(inv.salePeriod.to)}`]);
  rows.push(['Kod waluty', inv.currency]);
  if (inv.exchangeRate) rows.push(['Kurs waluty', formatDecimal(inv.exchangeRate)]);
  if (inv.deliveryNotes?.length) rows.push(['Numery dokumentów WZ', inv.deliveryNotes.join(', ')]);
  w.kv(rows, 200);
}

/** Dane faktury korygowanej, only on a correction. */
function drawCorrection(w: Writer, inv: Invoice): void {
  const c = inv.correction;
  if (!c) return;
  w.heading('Dane faktury korygowanej');
  const rows: Rows = [];
  if (c.reason) rows.push(['Przyczyna korekty', c.reason]);
  if (c.type) rows.push(['Typ skutku korekty', CORRECTION_TYPE[c.type] ?? c.type]);
  for (const f of c.invoices) {
    rows.push(['Numer faktury korygowanej', f.number]);
    rows.push(['Data wystawienia faktury korygowanej', formatDate(f.issueDate)]);
    rows.push(['Numer KSeF faktury korygowanej', f.ksefNumber ?? 'faktura wystawiona poza KSeF']);
  }
  if (c.period) rows.push(['Okres, którego dotyczy rabat', c.period]);
  if (c.correctedNumber) rows.push(['Poprawny numer faktury korygowanej', c.correctedNumber]);
  w.kv(rows, 200);
}

/** Advance invoices settled by this one. */
async function drawAdvanceInvoices(w: Writer, inv: Invoice): Promise<void> {
  if (!inv.advanceInvoices?.length) return;
  await w.headedTable(
    'Faktury zaliczkowe',
    [
      { header: 'Lp.', width: 24, align: 'center' },
      { header: 'Numer KSeF faktury zaliczkowej', width: 0 },
      { header: 'Numer faktury zaliczkowej wystawionej poza KSeF', width: 0 },
    ],
    inv.advanceInvoices.map((a, i) => [String(i + 1), a.ksefNumber ?? '', a.number ?? '']),
  );
}

/** The lines; a correction shows the state before and after in two tables. */
async function drawLines(w: Writer, inv: Invoice): Promise<void> {
  const cur = inv.currency;
  const before = inv.lines.filter((l) => l.before);
  const after = inv.lines.filter((l) => !l.before);
  if (isCorrection(inv) && before.length) {
    w.heading(`Pozycje przed korektą (stan przed), waluta ${cur}`);
    await linesTable(w, before);
    w.heading(`Pozycje po korekcie, waluta ${cur}`);
    if (after.length) await linesTable(w, after);
    else w.para('Brak pozycji po korekcie.');
  } else if (inv.lines.length) {
    w.heading(`Pozycje, waluta ${cur}`);
    await linesTable(w, inv.lines);
  }
}

/** The VAT summary table: one row per P_13_x bucket present (net, VAT, gross in decimal.js and, in a foreign currency, VAT in PLN). */
function vatSummaryTable(inv: Invoice): { cols: Col[]; rows: string[][] } | null {
  const t = inv.totals;
  const cur = inv.currency;
  const buckets = BUCKET_ORDER.filter((b) => t.net[b] !== undefined || t.vat[b] !== undefined || t.vatPln[b] !== undefined);
  if (!buckets.length) return null;
  const withPln = buckets.some((b) => t.vatPln[b] !== undefined);
  const cols: Col[] = [
    { header: 'Lp.', width: 24, align: 'center' },
    { header: 'Stawka podatku', width: 0 },
    { header: `Kwota netto (${cur})`, width: 80, align: 'right' },
    { header: `Kwota podatku (${cur})`, width: 80, align: 'right' },
    { header: `Kwota brutto (${cur})`, width: 80, align: 'right' },
  ];
  if (withPln) cols.push({ header: 'Kwota podatku (PLN)', width: 80, align: 'right' });
  const rows = buckets.map((b, i) => {
    const net = t.net[b] ?? '0';
    const vat = t.vat[b];
    const row = [
      String(i + 1),
      bucketLabel(b, inv),
      formatAmount(net),
      vat !== undefined ? formatAmount(vat) : (VAT_BUCKETS as readonly string[]).includes(b) ? formatAmount('0') : '—',
      formatAmount(money(dec(net).plus(dec(vat ?? '0')))),
    ];
    if (withPln) row.push(t.vatPln[b] !== undefined ? formatAmount(t.vatPln[b]) : (PLN_VAT_BUCKETS as readonly string[]).includes(b) ? '' : '—');
    return row;
  });
  return { cols, rows };
}

const VAT_SUMMARY_TITLE = 'Podsumowanie stawek podatku';
const CORRECTION_AMOUNTS_NOTE = 'Kwoty korekty: różnica między stanem po korekcie a stanem przed korektą.';

/** "Kwota należności ogółem: 573,62 PLN" (for an advance the amount received). */
function totalDueText(inv: Invoice): string {
  return `${isAdvance(inv) ? 'Otrzymana kwota zapłaty' : 'Kwota należności ogółem'}: ${formatAmount(inv.totals.gross)} ${inv.currency}`;
}

/** "Słownie: …", or nothing for an amount that cannot be spelled (above 999 999 999 999,99). */
function inWordsText(inv: Invoice): string {
  try {
    return `Słownie: ${amountInWords(inv.totals.gross, inv.currency)}`;
  } catch (e) {
    if (e instanceof RangeError) return '';
    throw e;
  }
}

const TOTAL_SIZE = 11;

/** P_15 and the amount in words, right-aligned; a correction says its amounts are differences. */
function drawTotalDue(w: Writer, inv: Invoice): void {
  w.y += 2;
  w.y += w.put(totalDueText(inv), MARGIN, w.y, CONTENT_W, { bold: true, size: TOTAL_SIZE, align: 'right' }) + 2;
  const words = inWordsText(inv);
  if (words) w.y += w.put(words, MARGIN, w.y, CONTENT_W, { align: 'right' }) + 2;
  if (isCorrection(inv)) w.y += w.put(CORRECTION_AMOUNTS_NOTE, MARGIN, w.y, CONTENT_W, { size: SIZE.small, align: 'right', color: GREY }) + 2;
  w.y += 2;
}

function totalDueHeight(w: Writer, inv: Invoice): number {
  const words = inWordsText(inv);
  return (
    4 +
    w.measure(totalDueText(inv), CONTENT_W, TOTAL_SIZE, true) +
    2 +
    (words ? w.measure(words, CONTENT_W, SIZE.body) + 2 : 0) +
    (isCorrection(inv) ? w.measure(CORRECTION_AMOUNTS_NOTE, CONTENT_W, SIZE.small) + 2 : 0)
  );
}

/**
 * The VAT summary, the total due with the amount in words and KOD I, kept on one page: the block is
 * measured first and starts a new page only when it does not fit in what is left of this one (the
 * QR code alone on a page, away from the amounts it vouches for, is what a reader must not get).
 */
async function drawTotalsAndKodI(w: Writer, inv: Invoice, ksef: Ksef, qrPng: Buffer | null): Promise<void> {
  const summary = vatSummaryTable(inv);
  const kod = ksef.url && qrPng ? kodILayout(w, ksef.ksefNumber, ksef.url) : null;
  const height =
    (summary ? w.headingHeight(VAT_SUMMARY_TITLE) + w.tableHeight(summary.cols, summary.rows) : 0) +
    totalDueHeight(w, inv) +
    (kod ? kod.height : w.headingHeight(KOD_I_NONE_TITLE) + w.measure(noKodIText(ksef.ksefNumber), CONTENT_W, SIZE.body) + 2);
  w.ensure(height);
  if (summary) {
    w.heading(VAT_SUMMARY_TITLE);
    await w.table(summary.cols, summary.rows);
  }
  drawTotalDue(w, inv);
  if (kod && qrPng && ksef.url) drawKodI(w, qrPng, kod, ksef.url);
  else drawNoKodI(w, ksef.ksefNumber);
}

function drawAnnotations(w: Writer, inv: Invoice): void {
  const lines = annotationLines(inv);
  if (!lines.length) return;
  w.heading('Adnotacje');
  for (const a of lines) w.para(`• ${a}`);
}

function paymentRows(pay: Payment): Rows {
  const rows: Rows = [];
  if (pay.method) rows.push(['Forma płatności', PAYMENT_METHOD[pay.method] ?? pay.method]);
  if (pay.methodOther) rows.push(['Forma płatności', `Inna: ${pay.methodOther}`]);
  for (const d of pay.dueDates ?? []) {
    const extra = extraRows(d.extra)
      .map(([k, v]) => (v ? `${k.trim()}: ${v}` : k.trim()))
      .join('; ');
    rows.push(['Termin płatności', [d.date ? formatDate(d.date) : '', extra].filter(Boolean).join(' ')]);
  }
  if (pay.paid) rows.push(['Zapłacono', pay.paidDate ? `Tak, dnia ${formatDate(pay.paidDate)}` : 'Tak']);
  else if (pay.paidDate) rows.push(['Data zapłaty', formatDate(pay.paidDate)]);
  for (const acc of pay.bankAccounts ?? []) {
    rows.push(['Numer rachunku bankowego', formatBankAccount(acc.number)]);
    if (acc.swift) rows.push(['Kod SWIFT', acc.swift]);
    if (acc.bankName) rows.push(['Nazwa banku', acc.bankName]);
    if (acc.description) rows.push(['Opis rachunku', acc.description]);
    rows.push(...extraRows(acc.extra));
  }
  rows.push(...extraRows(pay.extra));
  return rows;
}

function drawPayment(w: Writer, inv: Invoice): void {
  if (!inv.payment) return;
  w.heading('Płatność');
  w.kv(paymentRows(inv.payment), 150);
}

/** DodatkowyOpis. */
async function drawNotes(w: Writer, inv: Invoice): Promise<void> {
  if (!inv.notes?.length) return;
  await w.headedTable(
    'Dodatkowe informacje',
    [
      { header: 'Lp.', width: 24, align: 'center' },
      { header: 'Nr wiersza', width: 44, align: 'center' },
      { header: 'Rodzaj informacji', width: 140 },
      { header: 'Treść informacji', width: 0 },
    ],
    inv.notes.map((n, i) => [String(i + 1), n.line ?? '', n.key, n.value]),
  );
}

/** Unmodelled FA(3) sections (Zamowienie, Rozliczenie, WarunkiTransakcji, Stopka, Zalacznik, …), shown as their XML content. */
function drawUnmodelledSections(w: Writer, inv: Invoice): void {
  for (const ex of [inv.faExtra, inv.extra]) {
    for (const [name, nodes] of Object.entries(ex ?? {})) {
      for (const n of nodes) {
        w.heading(EXTRA_TITLE[name] ?? name);
        const rows = n.children?.length ? (n.children ?? []).flatMap((c) => xmlRows(c)) : [[name, n.text ?? ''] as [string, string]];
        w.kv(rows, 170);
      }
    }
  }
}

const KOD_I_TITLE = 'Sprawdź, czy Twoja faktura znajduje się w KSeF!';
const KOD_I_NONE_TITLE = 'Weryfikacja w KSeF';
const QR_SIZE = 120;
const QR_BOX = 190;
const KOD_I_TEXT_X = MARGIN + QR_BOX + 10;
const KOD_I_TEXT_W = CONTENT_W - QR_BOX - 10;
const KOD_I_HINT = 'Nie możesz zeskanować kodu z obrazka? Kliknij w link weryfikacyjny i przejdź do weryfikacji faktury!';

interface KodILayout {
  texts: string[];
  caption: string;
  /** From the top of the heading to below the link. */
  height: number;
}

/** What KOD I prints and how tall it is, measured before anything is drawn. */
function kodILayout(w: Writer, ksefNumber: string | null, url: string): KodILayout {
  const texts = [
    'Kod QR (KOD I) prowadzi do weryfikacji faktury w Krajowym Systemie e-Faktur.',
    ksefNumber ? `Numer KSeF faktury: ${ksefNumber}` : 'Numer KSeF nie został jeszcze nadany (OFFLINE): kod umożliwi weryfikację po przyjęciu faktury w KSeF.',
    KOD_I_HINT,
  ];
  const caption = kodICaption(ksefNumber);
  const capH = w.measure(caption, QR_BOX, 7.5, true);
  const textH = 10 + texts.reduce((h, t) => h + w.measure(t, KOD_I_TEXT_W, SIZE.body) + 4, 0);
  const linkH = w.measure(url, CONTENT_W, SIZE.small) + 2;
  return { texts, caption, height: w.headingHeight(KOD_I_TITLE) + Math.max(QR_SIZE + 2 + capH, textH) + 6 + linkH };
}

/** KOD I: the QR code with its caption on the left, what it is for on the right, the clickable link under both. */
function drawKodI(w: Writer, qrPng: Buffer, layout: KodILayout, url: string): void {
  w.ensure(layout.height); // on its own (drawTotalsAndKodI has made room for it with the totals)
  w.heading(KOD_I_TITLE);
  const top = w.y;
  w.doc.image(qrPng, MARGIN + (QR_BOX - QR_SIZE) / 2, top, { width: QR_SIZE, height: QR_SIZE });
  const capH = w.put(layout.caption, MARGIN, top + QR_SIZE + 2, QR_BOX, { bold: true, size: 7.5, align: 'center' });
  let th = 10;
  for (const t of layout.texts) th += w.put(t, KOD_I_TEXT_X, top + th, KOD_I_TEXT_W) + 4;
  w.y = top + Math.max(QR_SIZE + 2 + capH, th) + 6;
  w.y += w.put(url, MARGIN, w.y, CONTENT_W, { size: SIZE.small, color: '#1a0dab', link: url }) + 2;
}

function noKodIText(ksefNumber: string | null): string {
  return ksefNumber ? `Numer KSeF: ${ksefNumber}. Kod QR (KOD I) niedostępny: brak linku weryfikacyjnego.` : `${NOT_IN_KSEF_NOTE}: kod QR (KOD I) pojawi się po jej przesłaniu.`;
}

/** Without a link there is no QR code: say why. */
function drawNoKodI(w: Writer, ksefNumber: string | null): void {
  w.heading(KOD_I_NONE_TITLE);
  w.para(noKodIText(ksefNumber));
}

/** "number · KSeF number" and "Strona X z Y" on every page, drawn once the page count is known. */
const PAGE_NO_W = 70;

function drawFooters(w: Writer, inv: Invoice, ksefNumber: string | null, duplicateIssuedOn: string | undefined): void {
  const doc = w.doc;
  const range = doc.bufferedPageRange();
  const y = PAGE_H - MARGIN - 8;
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    const mark = duplicateIssuedOn ? `${DUPLICATE_MARK} z dnia ${formatDate(duplicateIssuedOn)} · ` : '';
    w.put(`${mark}${inv.number}${ksefNumber ? ` · KSeF ${ksefNumber}` : ''}`, MARGIN, y, CONTENT_W - PAGE_NO_W, { size: SIZE.small, color: GREY });
    w.put(`Strona ${i - range.start + 1} z ${range.count}`, MARGIN + CONTENT_W - PAGE_NO_W, y, PAGE_NO_W, { size: SIZE.small, color: GREY, align: 'right' });
    doc.page.margins.bottom = bottom;
  }
}

export async function renderInvoicePdf(input: RenderInvoicePdfInput): Promise<Buffer> {
  const inv = input.invoice;
  const ksef: Ksef = { ksefNumber: input.ksefNumber || null, url: input.verificationUrl || null };
  const { doc, done } = await openDocument(input, ksef.ksefNumber);
  const qrPng = ksef.url ? await kodIPng(ksef.url) : null;
  const budgetMs = input.budgetMs ?? PDF_BUDGET_MS;
  const w = new Writer(doc, Date.now() + budgetMs, budgetMs); // the budget covers the drawing, not loading fonts or encoding the QR code

  drawHeader(w, inv, ksef, input.duplicateIssuedOn);
  drawParties(w, inv);
  drawThirdParties(w, inv);
  drawDetails(w, inv);
  drawCorrection(w, inv);
  await drawAdvanceInvoices(w, inv);
  await drawLines(w, inv);
  await drawTotalsAndKodI(w, inv, ksef, qrPng);
  drawAnnotations(w, inv);
  drawPayment(w, inv);
  await drawNotes(w, inv);
  drawUnmodelledSections(w, inv);
  drawFooters(w, inv, ksef.ksefNumber, input.duplicateIssuedOn);
  doc.end();
  return done;
}
