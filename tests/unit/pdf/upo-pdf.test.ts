/** The UPO's readable PDF: read back as a viewer does (pdf.js), against the UPO it was made from. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatUpoInstant, parseUpo, renderUpoPdf, UPO_TITLE, UpoFormatError } from '@/lib/pdf/upo-pdf';
import { extractPdfText } from '@/tests/support/pdf-text';

const SAMPLE = readFileSync(path.join(process.cwd(), 'tests/fixtures/samples/upo/ksef-pdf-generator-upo.xml'));

/** The official sample with `n` documents (the schema allows 10,000 on one page of a UPO). */
function withDocuments(n: number): string {
  const xml = SAMPLE.toString('utf8');
  const doc = /<Dokument>[\s\S]*<\/Dokument>/.exec(xml)![0];
  const docs = Array.from({ length: n }, (_, i) => doc.replace('FA/XVQUD-9997622510/04/2027', `FV/${i + 1}/09/2025`).replace('0200A0D6723E-C2', `0200A0D${String(i).padStart(5, '0')}-C2`)).join('\n');
  return xml.replace(doc, docs);
}

describe('UPO as a PDF', () => {
  it('names the session, the context and each invoice with its KSeF number, dates in Polish time', async () => {
    const upo = parseUpo(SAMPLE);
    expect(upo).toMatchObject({ receiver: 'Ministerstwo Finansów', sessionReference: '36950822-93-9D5A28BFDA-47C899773E-5C', context: { kind: 'vatUe', value: '5265877635-ATU12345678' } });
    expect(upo.authDocumentHash).toBe('kyqH+QUgP8ATWd/95IY632mP4uqibwG66Oqclq9+qno='); // the line break inside the element is not part of it
    const text = (await extractPdfText(await renderUpoPdf(SAMPLE))).replace(/\n/g, ' ');
    expect(text).toContain(UPO_TITLE);
    expect(text).toContain('36950822-93-9D5A28BFDA-47C899773E-5C');
    expect(text).toContain('Kontekst: NIP i numer VAT UE 5265877635-ATU12345678');
    expect(text).toContain('FA/XVQUD-9997622510/04/2027');
    expect(text).toContain('5265877635-20250916-0200A0D6723E-C2');
    expect(text).toContain('16.09.2025'); // issue date, Polish style
    // 11:05:40.841+02:00 is 11:05:40 in Warsaw (summer time), to the second
    expect(text).toContain('16.09.2025 11:05:40');
    expect(text).toContain('16.09.2025 11:05:41');
    expect(text).toContain('offline');
    expect(text).toContain('Dowodem przyjęcia faktur jest dokument UPO w postaci XML');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T/);
  });

  it('shows winter times as Warsaw time, not UTC', () => {
    expect(formatUpoInstant('2026-01-15T23:30:05Z')).toBe('16.01.2026 00:30:05');
    expect(formatUpoInstant('2026-07-01T10:00:00+02:00')).toBe('01.07.2026 10:00:00');
  });

  it('lists every invoice of a large session over several pages, numbered', async () => {
    const text = await extractPdfText(await renderUpoPdf(withDocuments(150)));
    const pages = text.split('\f');
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((p, i) => expect(p).toContain(`Strona ${i + 1} z ${pages.length}`));
    for (let i = 0; i < 150; i++) expect(text).toContain(`FV/${i + 1}/09/2025`);
    expect(pages.filter((p) => p.includes('Numer faktury')).length).toBe(pages.length); // header repeated
  }, 20_000);

  it('gives the same bytes for the same UPO', async () => {
    expect((await renderUpoPdf(SAMPLE)).equals(await renderUpoPdf(SAMPLE))).toBe(true);
  });

  it('refuses a document that is not a UPO', () => {
    expect(() => parseUpo('<Faktura><Fa/></Faktura>')).toThrow(UpoFormatError);
    expect(() => parseUpo(SAMPLE.toString('utf8').replace(/<NumerReferencyjnySesji>[^<]*<\/NumerReferencyjnySesji>/, ''))).toThrow(/NumerReferencyjnySesji/);
  });
});
