import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { EXPORT_CAPS, unzipCapped } from '@/lib/ksef/unzip-capped';
import type { KsefError } from '@/lib/ksef/errors';
import { renderMessage, translator } from '@/lib/i18n';
import { ksefErrorMessage } from '@/lib/invoices/status-reason';

const text = (s: string) => new TextEncoder().encode(s);

describe('export packages are unzipped with caps', () => {
  it('gives every entry byte-exact, across many input slices', () => {
    const big = new Uint8Array(900_000).map((_, i) => (i * 7919) % 251); // barely compressible
    const zip = zipSync({ '_metadata.json': text('{"invoices":[]}'), 'a.xml': text('<Faktura>ą</Faktura>'), 'b.xml': big });
    const out = unzipCapped(zip);
    expect([...out.keys()].sort()).toEqual(['_metadata.json', 'a.xml', 'b.xml']);
    expect(new TextDecoder().decode(out.get('a.xml'))).toBe('<Faktura>ą</Faktura>');
    expect(Buffer.from(out.get('b.xml')!).equals(Buffer.from(big))).toBe(true);
  });

  it('refuses a zip bomb — an entry inflating past the invoice limit — with a reason', () => {
    const bomb = zipSync({ 'bomb.xml': new Uint8Array(24 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(64 * 1024); // 24 MB of content in a few kilobytes
    expect(() => unzipCapped(bomb)).toThrow(/refused: file bomb\.xml inflates past 3 MB/);
    try {
      unzipCapped(bomb);
    } catch (e) {
      // The user is told a code with its parameters, rendered in their language.
      expect([(e as KsefError).reason, (e as KsefError).reasonParams]).toEqual(['KSEF_EXPORT_FILE_TOO_LARGE', { file: 'bomb.xml', mb: 3 }]);
      expect(renderMessage(translator('pl'), ksefErrorMessage(e))).toMatch(/^Paczka eksportu z KSeF została odrzucona: plik bomb\.xml po rozpakowaniu przekracza 3 MB/);
      expect(renderMessage(translator('en'), ksefErrorMessage(e))).toMatch(/^The export package from KSeF was refused: file bomb\.xml exceeds 3 MB when unpacked/);
    }
  });

  it('refuses an entry whose compressed data is damaged, naming it', () => {
    const zip = zipSync({ 'a.xml': text('<Faktura>' + 'ąę'.repeat(5000) + '</Faktura>') }, { level: 9 });
    const damaged = Uint8Array.from(zip);
    // The local header is 30 bytes + the name; the deflate stream follows. A block type of 3 is invalid.
    damaged[30 + 'a.xml'.length] = 0xff;
    expect(() => unzipCapped(damaged)).toThrow(/refused: corrupt file a\.xml/);
  });

  it('refuses too many entries, too much in total, and what is not a zip', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`${i}.xml`, text('<x/>')])));
    expect(() => unzipCapped(many, { ...EXPORT_CAPS, maxEntries: 10 })).toThrow(/refused/);
    const total = zipSync({ 'a.xml': new Uint8Array(600_000), 'b.xml': new Uint8Array(600_000) });
    expect(() => unzipCapped(total, { ...EXPORT_CAPS, maxTotalBytes: 1_000_000 })).toThrow(/refused/);
    expect(() => unzipCapped(text('PK\u0003\u0004 but then nonsense, not a zip at all'))).toThrow(/refused/);
  });
});
