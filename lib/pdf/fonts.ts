/**
 * The fonts embedded in every PDF: DejaVu Sans regular and bold (Bitstream Vera licence, see
 * assets/fonts/LICENSE-DejaVu.txt), which cover all Polish letters. The PDF standard fonts
 * (Helvetica…) do not: WinAnsi has no ą, ę, ł, ń, ś, ź, ż.
 *
 * Paths are resolved against `process.cwd()`, NOT against this module's location: tsx, vitest, the
 * worker and `next start` all run with cwd = the repository root, while inside a Next.js server bundle
 * `import.meta.url` / `__dirname` point into `.next/` where the assets are not copied.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import PDFDocument from 'pdfkit';

export const FONT_FILES = { regular: 'assets/fonts/DejaVuSans.ttf', bold: 'assets/fonts/DejaVuSans-Bold.ttf' } as const;

/** What pdfkit's `registerFont` takes: the parsed font object when available, else the TTF bytes. */
export type FontSource = Buffer | object;

export interface Fonts {
  regular: FontSource;
  bold: FontSource;
}

/**
 * Parses a TTF once per process. pdfkit accepts an already parsed fontkit font (anything with
 * `layout()`); reusing it keeps fontkit's decoded glyph and layout tables across documents, which
 * makes a render about 10× faster than handing pdfkit the bytes each time. The parser pdfkit uses
 * is reached through a throw-away document (pdfkit does not export it); if that ever stops working
 * we fall back to the bytes, which is only slower.
 */
function parsed(ttf: Buffer): FontSource {
  try {
    const probe = new PDFDocument({ autoFirstPage: false, font: ttf as unknown as string });
    const font = (probe as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
    return font && typeof font.layout === 'function' ? font : ttf;
  } catch {
    return ttf;
  }
}

let cached: Promise<Fonts> | undefined;

/** Reads the two TTFs once per process. */
export function loadFonts(): Promise<Fonts> {
  cached ??= (async () => {
    const read = async (rel: string) => {
      const file = path.join(process.cwd(), rel);
      try {
        return await readFile(file);
      } catch (e) {
        throw new Error(`PDF font not found at ${file}: the process must run with cwd = the repository root`, { cause: e });
      }
    };
    const [regular, bold] = await Promise.all([read(FONT_FILES.regular), read(FONT_FILES.bold)]);
    return { regular: parsed(regular), bold: parsed(bold) };
  })();
  // A failed read is not cached: the next call retries.
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
