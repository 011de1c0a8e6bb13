/**
 * Test helpers that read a PDF the way a viewer does (pdf.js, legacy build for Node), so tests can
 * assert the visible text and the embedded images of a rendered PDF.
 *
 * Text: one line per visual line — the text runs of each page are grouped by their baseline and
 * ordered left to right, joined by single spaces; pages are separated by a form feed ("\f").
 * Characters are kept as drawn (a no-break space stays U+00A0).
 */
import { getDocument, OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

async function open(buf: Buffer | Uint8Array): Promise<PDFDocumentProxy> {
  // pdf.js takes ownership of (detaches) the array it is given: pass a copy.
  const data = new Uint8Array(buf.byteLength);
  data.set(buf);
  return getDocument({ data, isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
}

interface Run {
  x: number;
  y: number;
  str: string;
}

export async function extractPdfText(buf: Buffer | Uint8Array): Promise<string> {
  const doc = await open(buf);
  try {
    const pages: string[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const content = await page.getTextContent();
      const runs: Run[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        runs.push({ x: item.transform[4] as number, y: item.transform[5] as number, str: item.str });
      }
      // Baselines within 1pt are one visual line (runs of one line share a baseline exactly in our PDFs).
      runs.sort((a, b) => b.y - a.y || a.x - b.x);
      const lines: Run[][] = [];
      for (const r of runs) {
        const last = lines.at(-1);
        if (last && Math.abs(last[0]!.y - r.y) < 1) last.push(r);
        else lines.push([r]);
      }
      // pdf.js reports inter-word spaces as runs of their own: collapse them (U+00A0 is kept).
      pages.push(
        lines
          .map((l) =>
            l
              .sort((a, b) => a.x - b.x)
              .map((r) => r.str)
              .join(' ')
              .replace(/ {2,}/g, ' ')
              .trim(),
          )
          .join('\n'),
      );
      page.cleanup();
    }
    return pages.join('\n\f\n');
  } finally {
    await doc.destroy();
  }
}

export interface PdfImage {
  page: number;
  width: number;
  height: number;
  /** Decoded samples: 1 (gray), 3 (RGB) or 4 (RGBA) bytes per pixel. */
  channels: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** The raster images painted on each page (decoded by pdf.js). */
export async function extractPdfImages(buf: Buffer | Uint8Array): Promise<PdfImage[]> {
  const doc = await open(buf);
  try {
    const out: PdfImage[] = [];
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p);
      const ops = await page.getOperatorList();
      for (let i = 0; i < ops.fnArray.length; i++) {
        if (ops.fnArray[i] !== OPS.paintImageXObject) continue;
        const name = (ops.argsArray[i] as unknown[])[0] as string;
        const img = await new Promise<{ width: number; height: number; data: Uint8Array | Uint8ClampedArray }>((resolve) => {
          page.objs.get(name, resolve);
        });
        const px = img.width * img.height;
        out.push({ page: p, width: img.width, height: img.height, channels: Math.round(img.data.length / px), data: img.data });
      }
      page.cleanup();
    }
    return out;
  } finally {
    await doc.destroy();
  }
}
