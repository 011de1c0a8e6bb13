import { Unzip, UnzipInflate } from 'fflate';
import { KsefProtocolError } from './errors';

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

// Input goes in small slices: each slice inflates to a bounded chunk (deflate expands ≤ ~1032×),
// so a cap is noticed long before a bomb's full size is ever in memory.
const SLICE = 16 * 1024;

const refuse = (what: string) =>
  new KsefProtocolError({ message: `Export package refused: ${what}`, messagePl: `Paczka eksportu z KSeF została odrzucona: ${what}. Nic z niej nie zapisano; spróbuj synchronizacji ponownie.` });

export function unzipCapped(zip: Uint8Array, caps: ExportCaps = EXPORT_CAPS): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  let total = 0;
  let entries = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (failure) return;
    if (++entries > caps.maxEntries) {
      failure = refuse(`więcej niż ${caps.maxEntries} plików`);
      return;
    }
    const limit = file.name === '_metadata.json' ? caps.maxMetadataBytes : caps.maxInvoiceBytes;
    const chunks: Uint8Array[] = [];
    let size = 0;
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = refuse(`uszkodzony plik ${file.name}`);
        return;
      }
      size += chunk.length;
      total += chunk.length;
      if (size > limit) {
        failure = refuse(`plik ${file.name} po rozpakowaniu przekracza ${Math.round(limit / 1024 / 1024)} MB`);
        file.terminate();
        return;
      }
      if (total > caps.maxTotalBytes) {
        failure = refuse(`po rozpakowaniu przekracza ${Math.round(caps.maxTotalBytes / 1024 / 1024)} MB`);
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) out.set(file.name, chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < zip.length && !failure; at += SLICE) unzip.push(zip.subarray(at, at + SLICE), at + SLICE >= zip.length);
    if (zip.length === 0) unzip.push(new Uint8Array(0), true);
  } catch {
    failure ??= refuse('to nie jest poprawne archiwum ZIP');
  }
  if (!failure && entries === 0 && zip.length > 0) failure = refuse('to nie jest poprawne archiwum ZIP');
  if (failure) throw failure;
  return out;
}
