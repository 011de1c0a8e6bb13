/**
 * The drawing primitives shared by our PDF documents (the invoice, the UPO): A4 geometry, text that
 * measures itself, headings, key/value rows and tables that break over pages, the embedded DejaVu
 * fonts (Polish letters) and a time budget that keeps a huge render from holding the server.
 */
import PDFDocument from 'pdfkit';
import { loadFonts } from './fonts';

// ---- page geometry (points; A4) ---------------------------------------------------------------

export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const MARGIN = 36;
const FOOTER_H = 16;
export const CONTENT_W = PAGE_W - 2 * MARGIN;
export const BORDER = '#BABABA';
export const HEADER_FILL = '#EEEEEE';
export const SIZE = { body: 8.5, table: 7.5, heading: 10.5, title: 17, small: 7 } as const;

export type Align = 'left' | 'right' | 'center';
export interface Col {
  header: string;
  width: number; // 0 = takes the remaining width
  align?: Align;
}

/** A render that ran past its time budget (e.g. an invoice of 10,000 long lines). */
export class PdfBudgetError extends Error {
  constructor(readonly budgetMs: number) {
    super(`PDF rendering exceeded its ${budgetMs} ms budget`);
  }
}

/** Rows drawn between two yields to the event loop: other requests are served meanwhile (8: health p95 28 ms while a 10,000-line PDF renders, docs/benchmarks.md; 25 gave 92 ms). */
const ROWS_PER_SLICE = 8;

export class Writer {
  y = MARGIN;
  readonly bottom = PAGE_H - MARGIN - FOOTER_H;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly deadline = Infinity,
    private readonly budgetMs = 0,
  ) {}

  /** Lets the event loop run (a long table must not hold every other request) and keeps the budget. */
  async breathe(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    if (Date.now() > this.deadline) throw new PdfBudgetError(this.budgetMs);
  }

  private font(bold: boolean, size: number): void {
    this.doc.font(bold ? 'B' : 'R').fontSize(size);
  }

  measure(s: string, width: number, size: number, bold = false): number {
    if (!s) return 0;
    this.font(bold, size);
    return this.doc.heightOfString(s, { width, lineGap: 0 });
  }

  newPage(): void {
    this.doc.addPage();
    this.y = MARGIN;
  }

  ensure(h: number): void {
    if (this.y + h > this.bottom && this.y > MARGIN) this.newPage();
  }

  /** Draws text at (x, y) without touching the cursor; returns its height. */
  put(s: string, x: number, y: number, width: number, o: { size?: number; bold?: boolean; align?: Align; color?: string; link?: string } = {}): number {
    if (!s) return 0;
    const size = o.size ?? SIZE.body;
    this.font(o.bold ?? false, size);
    this.doc.fillColor(o.color ?? 'black');
    const h = this.doc.heightOfString(s, { width, lineGap: 0 });
    this.doc.text(s, x, y, { width, align: o.align ?? 'left', lineGap: 0, link: o.link });
    this.doc.fillColor('black');
    return h;
  }

  /** A paragraph at the cursor, full width unless told otherwise. */
  para(s: string, o: { size?: number; bold?: boolean; align?: Align; color?: string; gap?: number; x?: number; width?: number } = {}): void {
    const width = o.width ?? CONTENT_W;
    this.ensure(this.measure(s, width, o.size ?? SIZE.body, o.bold));
    this.y += this.put(s, o.x ?? MARGIN, this.y, width, o) + (o.gap ?? 2);
  }

  heading(s: string): void {
    this.ensure(40); // keep a heading with the start of its section
    this.y += 6;
    this.put(s, MARGIN, this.y, CONTENT_W, { size: SIZE.heading, bold: true });
    this.y += this.measure(s, CONTENT_W, SIZE.heading, true) + 1;
    this.doc
      .moveTo(MARGIN, this.y)
      .lineTo(MARGIN + CONTENT_W, this.y)
      .lineWidth(0.5)
      .strokeColor(BORDER)
      .stroke();
    this.y += 4;
  }

  /** Label/value rows in a column at x; returns the height used (does not move the cursor). */
  kvBlock(rows: [string, string][], x: number, y: number, width: number, labelW: number): number {
    let h = 0;
    for (const [k, v] of rows) {
      const lh = this.put(k, x, y + h, labelW - 4, { bold: true });
      const vh = this.put(v, x + labelW, y + h, width - labelW);
      h += Math.max(lh, vh) + 2;
    }
    return h;
  }

  kvHeight(rows: [string, string][], width: number, labelW: number): number {
    return rows.reduce((h, [k, v]) => h + Math.max(this.measure(k, labelW - 4, SIZE.body, true), this.measure(v, width - labelW, SIZE.body)) + 2, 0);
  }

  /** Label/value rows at the cursor, full width, breaking pages between rows. */
  kv(rows: [string, string][], labelW = 150): void {
    for (const row of rows) {
      this.ensure(this.kvHeight([row], CONTENT_W, labelW));
      this.y += this.kvBlock([row], MARGIN, this.y, CONTENT_W, labelW);
    }
  }

  /** Height of a heading() drawn here. */
  headingHeight(s: string): number {
    return 11 + this.measure(s, CONTENT_W, SIZE.heading, true);
  }

  private tableLayout(cols: Col[]) {
    const fixed = cols.reduce((s, c) => s + c.width, 0);
    const flex = cols.filter((c) => c.width === 0).length;
    const widths = cols.map((c) => (c.width === 0 ? Math.max(40, (CONTENT_W - fixed) / Math.max(1, flex)) : c.width));
    const pad = 2;
    const rowH = (cells: string[], bold: boolean) => Math.max(...cells.map((c, i) => this.measure(c, widths[i]! - 2 * pad, SIZE.table, bold)), SIZE.table) + 2 * pad + 1;
    return { widths, pad, rowH };
  }

  /** Height of table() on one page (header, rows, the gap after it). */
  tableHeight(cols: Col[], rows: string[][], o: { boldRows?: Set<number> } = {}): number {
    const { rowH } = this.tableLayout(cols);
    return (
      rowH(
        cols.map((c) => c.header),
        true,
      ) +
      rows.reduce((h, r, i) => h + rowH(r, o.boldRows?.has(i) ?? false), 0) +
      4
    );
  }

  /** A heading and its table, the heading never left at a page's foot without the header and first row under it. */
  async headedTable(title: string, cols: Col[], rows: string[][]): Promise<void> {
    this.ensure(this.headingHeight(title) + this.tableHeight(cols, rows.slice(0, 1)));
    this.heading(title);
    await this.table(cols, rows);
  }

  async table(cols: Col[], rows: string[][], o: { boldRows?: Set<number> } = {}): Promise<void> {
    const { widths, pad, rowH } = this.tableLayout(cols);
    const header = cols.map((c) => c.header);
    const draw = (cells: string[], bold: boolean, fill?: string) => {
      const h = rowH(cells, bold);
      let x = MARGIN;
      cells.forEach((c, i) => {
        const w = widths[i]!;
        if (fill) this.doc.rect(x, this.y, w, h).fill(fill);
        this.doc.rect(x, this.y, w, h).lineWidth(0.5).strokeColor(BORDER).stroke();
        this.put(c, x + pad, this.y + pad + 0.5, w - 2 * pad, { size: SIZE.table, bold, align: cols[i]!.align });
        x += w;
      });
      this.y += h;
    };
    this.ensure(rowH(header, true) + (rows[0] ? rowH(rows[0], false) : 0));
    draw(header, true, HEADER_FILL);
    for (const [i, r] of rows.entries()) {
      if (i > 0 && i % ROWS_PER_SLICE === 0) await this.breathe();
      const bold = o.boldRows?.has(i) ?? false;
      if (this.y + rowH(r, bold) > this.bottom) {
        this.newPage();
        draw(header, true, HEADER_FILL); // the header repeats on each page
      }
      draw(r, bold);
    }
    this.y += 4;
  }
}

export const GREY = '#555555';

/** A pdfkit document with our fonts and metadata, and the promise of its bytes (resolved on doc.end()). */
export async function openPdf(info: PDFKit.DocumentInfo): Promise<{ doc: PDFKit.PDFDocument; done: Promise<Buffer> }> {
  const fonts = await loadFonts();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    autoFirstPage: true,
    font: fonts.regular as unknown as string, // the default font: keeps Helvetica (no Polish letters) out
    info: { Creator: 'ksef-faktury', Producer: 'ksef-faktury (PDFKit)', ...info },
    lang: 'pl-PL',
  });
  doc.registerFont('R', fonts.regular as unknown as string);
  doc.registerFont('B', fonts.bold as unknown as string);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
