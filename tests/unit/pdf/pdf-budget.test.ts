import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFa3 } from '@/lib/fa3';
import { PdfBudgetError, renderInvoicePdf } from '@/lib/pdf/invoice-pdf';
import { pdfRenderStats, renderOnce } from '@/lib/server/pdf-renders';

const dir = path.resolve(import.meta.dirname, '../../fixtures/samples/fa3');
const base = parseFa3(fs.readFileSync(path.join(dir, fs.readdirSync(dir).filter((f) => f.endsWith('.xml'))[0]!)));
const withLines = (n: number) => ({ ...base, lines: Array.from({ length: n }, (_, i) => ({ ...base.lines[0]!, no: String(i + 1), name: `Pozycja numer ${i + 1} z długą nazwą towaru` })) });

describe('what one PDF may cost', () => {
  it('a long invoice is rendered in slices: the event loop runs between them', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const pdf = await renderInvoicePdf({ invoice: withLines(1_500) });
    clearInterval(ticker);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(ticks).toBeGreaterThan(5);
  });

  it('a render past its time budget stops with PdfBudgetError, and through renderOnce as a clear 409', async () => {
    await expect(renderInvoicePdf({ invoice: withLines(3_000), budgetMs: 30 })).rejects.toBeInstanceOf(PdfBudgetError);
    await expect(renderOnce('budget-test', () => renderInvoicePdf({ invoice: withLines(3_000), budgetMs: 30 }))).rejects.toMatchObject({ code: 'CONFLICT', messageKey: 'errors.pdfTooLarge' });
  });

  it('the same PDF asked for at once is rendered once and then kept; at most two renders run together', async () => {
    let renders = 0;
    let maxRunning = 0;
    const slow = (tag: string) => async () => {
      renders++;
      maxRunning = Math.max(maxRunning, pdfRenderStats().running);
      await new Promise((r) => setTimeout(r, 30));
      return Buffer.from(`%PDF-${tag}`);
    };
    const same = await Promise.all([renderOnce('k1', slow('a')), renderOnce('k1', slow('a')), renderOnce('k1', slow('a'))]);
    expect(renders).toBe(1);
    expect(new Set(same.map((b) => b.toString()))).toEqual(new Set(['%PDF-a']));
    await renderOnce('k1', slow('a'));
    expect(renders).toBe(1); // kept
    await Promise.all(['k2', 'k3', 'k4', 'k5'].map((k) => renderOnce(k, slow(k))));
    expect(renders).toBe(5);
    expect(maxRunning).toBe(2);
  });
});
