import { inflateRawSync } from 'node:zlib';
import { Unzip, type AsyncFlateStreamHandler, type FlateError, type UnzipDecoder, type UnzipDecoderConstructor } from 'fflate';
import { KsefProtocolError, type KsefReason, type KsefReasonParams } from './errors';

/**
 * Export packages are unzipped as a stream with caps, so a package that inflates to far more than
 * KSeF could ever have put in it (a zip bomb, or a corrupted part) is refused with a reason before
 * it fills the memory. KSeF's own limits (limity.md): an invoice ≤ 1 MB, ≤ 3 MB with attachments;
 * one export package ≤ 10,000 invoices.
 */
export const EXPORT_CAPS = {
  maxEntries: 10_001, // 10,000 invoices + _metadata.json
  maxInvoiceBytes: 3 * 1024 * 1024,
  maxMetadataBytes: 64 * 1024 * 1024,
  maxTotalBytes: 2 * 1024 * 1024 * 1024,
};
export type ExportCaps = typeof EXPORT_CAPS;

// Input goes in slices: entries are inflated natively, each within its cap (nativeInflate), and
// fflate's reader recurses once per entry within a push, so one push of 10,000 entries would
// overflow the stack. 256 KB holds a few hundred invoices.
const SLICE = 256 * 1024;

// `what` (English) is for logs; the user is told `reason` with its parameters (lib/i18n ksefErrors).
const refuse = (what: string, reason: KsefReason, reasonParams: KsefReasonParams = {}) => new KsefProtocolError({ message: `Export package refused: ${what}`, reason, reasonParams });

export function unzipCapped(zip: Uint8Array, caps: ExportCaps = EXPORT_CAPS): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  let entries = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > caps.maxEntries) {
      failure = refuse(`more than ${caps.maxEntries} files`, 'KSEF_EXPORT_TOO_MANY_FILES', { max: caps.maxEntries });
      return;
    }
    const limit = file.name === '_metadata.json' ? caps.maxMetadataBytes : caps.maxInvoiceBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err && !tooLarge(err)) {
        failure = refuse(`corrupt file ${file.name}`, 'KSEF_EXPORT_CORRUPT_FILE', { file: file.name });
        return;
      }
      // The native decoder stops at the cap and says so: counted as one byte over it.
      const length = err ? limit + 1 : chunk.length;
      size += length;
      total += length;
      if (size > limit) {
        failure = refuse(`file ${file.name} inflates past ${Math.round(limit / 1024 / 1024)} MB`, 'KSEF_EXPORT_FILE_TOO_LARGE', { file: file.name, mb: Math.round(limit / 1024 / 1024) });
        file.terminate();
        return;
      }
      if (total > caps.maxTotalBytes) {
        failure = refuse(`inflates past ${Math.round(caps.maxTotalBytes / 1024 / 1024)} MB`, 'KSEF_EXPORT_TOO_LARGE', { mb: Math.round(caps.maxTotalBytes / 1024 / 1024) });
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.set(file.name, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    file.start();
  });
  unzip.register(nativeInflate((name) => (name === '_metadata.json' ? caps.maxMetadataBytes : caps.maxInvoiceBytes)));
  try {
    for (let at = 0; at < zip.length && !failure; at += SLICE) unzip.push(zip.subarray(at, at + SLICE), at + SLICE >= zip.length);
    if (zip.length === 0) unzip.push(new Uint8Array(0), true);
  } catch {
    failure ??= refuse('not a valid ZIP archive', 'KSEF_EXPORT_NOT_ZIP');
  }
  if (!failure && entries === 0 && zip.length > 0) failure = refuse('not a valid ZIP archive', 'KSEF_EXPORT_NOT_ZIP');
  if (failure) throw failure;
  return out;
}

const tooLarge = (err: FlateError) => (err as unknown as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';

/**
 * fflate reads the archive; node's zlib inflates its entries. fflate's JavaScript inflate took 2 s of
 * a 10,000-invoice package (20 MB), zlib takes a tenth of that. An entry's compressed bytes are
 * collected (they are in memory already, in the package) and inflated once, never past `limitFor`
 * its name plus one byte, so a bomb costs at most its cap.
 */
function nativeInflate(limitFor: (name: string) => number): UnzipDecoderConstructor {
  return class NativeInflate implements UnzipDecoder {
    static compression = 8;
    ondata: AsyncFlateStreamHandler = () => {};
    private readonly compressed: Buffer[] = [];
    constructor(private readonly name: string) {}
    push(chunk: Uint8Array, final: boolean) {
      this.compressed.push(Buffer.from(chunk)); // a copy: fflate may reuse the buffer it passes
      if (!final) return;
      let out: Buffer;
      try {
        out = inflateRawSync(Buffer.concat(this.compressed), { maxOutputLength: limitFor(this.name) + 1 });
      } catch (e) {
        this.ondata(e as FlateError, new Uint8Array(0), true); // zlib's error keeps its code (tooLarge)
        return;
      }
      this.ondata(null, out as Uint8Array<ArrayBuffer>, true); // zlib's output never shares memory
    }
  };
}
