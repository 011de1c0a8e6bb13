import 'server-only';
import { PdfBudgetError } from '@/lib/pdf/invoice-pdf';
import { AppError } from './errors';

/**
 * What one PDF request may cost this process. A rendered PDF is kept (by a key that changes with
 * anything printed on it), so opening the same invoice again costs nothing; the same PDF asked for
 * twice at once is rendered once; at most MAX_CONCURRENT renders run at a time, the rest wait in
 * line; a render past its time budget (lib/pdf) is refused with a reason. Renders yield to the
 * event loop between table rows, so the server answers other requests meanwhile.
 */
const MAX_CONCURRENT = 2;
const CACHE_BYTES = 64 * 1024 * 1024;

const cache = new Map<string, Buffer>(); // insertion order = least recently used first
let cachedBytes = 0;
const inFlight = new Map<string, Promise<Buffer>>();
let running = 0;
const waiting: (() => void)[] = [];

function remember(key: string, pdf: Buffer) {
  if (pdf.length > CACHE_BYTES / 4) return;
  cache.set(key, pdf);
  cachedBytes += pdf.length;
  for (const [k, v] of cache) {
    if (cachedBytes <= CACHE_BYTES) break;
    cache.delete(k);
    cachedBytes -= v.length;
  }
}

async function slot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

export async function renderOnce(key: string, render: () => Promise<Buffer>): Promise<Buffer> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = inFlight.get(key);
  if (pending) return pending;
  const p = slot(render)
    .then((pdf) => {
      remember(key, pdf);
      return pdf;
    })
    .catch((e) => {
      if (e instanceof PdfBudgetError) throw new AppError({ code: 'CONFLICT', messageKey: 'errors.pdfTooLarge' });
      throw e;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, p);
  return p;
}

/** Tests: what the process holds now. */
export const pdfRenderStats = () => ({ cached: cache.size, cachedBytes, running, waiting: waiting.length });
