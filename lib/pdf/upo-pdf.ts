/**
 * A readable PDF of a UPO (Urzędowe Poświadczenie Odbioru, schema upo-v4-3): who received what, in
 * which session and context, and for each invoice its number, KSeF number, dates and hash. The
 * signed XML stays the evidence; the PDF says so, and it names the KSeF numbers a reader looks for.
 */
import { XMLParser } from 'fast-xml-parser';
import { formatDate } from './format';
import { CONTENT_W, GREY, MARGIN, PAGE_H, SIZE, Writer, openPdf, type Col } from './writer';

export interface UpoDocument {
  sellerNip: string;
  ksefNumber: string;
  invoiceNumber: string;
  issueDate: string;
  sentAt: string;
  ksefNumberAssignedAt: string;
  hash: string;
  mode: string | null;
}

export interface Upo {
  receiver: string;
  sessionReference: string;
  context: { kind: 'nip' | 'internal' | 'vatUe' | 'peppol'; value: string } | null;
  tokenReference: string | null;
  authDocumentHash: string | null;
  schemaName: string | null;
  formCode: string | null;
  page: { page: string; pages: string; total: string } | null;
  documents: UpoDocument[];
}

export class UpoFormatError extends Error {}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true, isArray: (name) => name === 'Dokument' });

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().replace(/\s+/g, '') : typeof v === 'number' ? String(v) : null);
const need = (v: unknown, name: string): string => {
  const t = text(v);
  if (t === null) throw new UpoFormatError(`UPO without ${name}`);
  return t;
};
const words = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim().replace(/\s+/g, ' ') : null);

/** The UPO's content; a document that is not a UPO is an UpoFormatError. */
export function parseUpo(xml: string | Buffer): Upo {
  const root = (parser.parse(xml.toString()) as { Potwierdzenie?: Record<string, unknown> }).Potwierdzenie;
  if (!root || typeof root !== 'object') throw new UpoFormatError('not a UPO document (no Potwierdzenie root)');
  const auth = (root.Uwierzytelnienie ?? {}) as Record<string, unknown>;
  const ctx = (auth.IdKontekstu ?? {}) as Record<string, unknown>;
  const contextKinds = [
    ['Nip', 'nip'],
    ['IdWewnetrzny', 'internal'],
    ['IdZlozonyVatUE', 'vatUe'],
    ['IdDostawcyUslugPeppol', 'peppol'],
  ] as const;
  const found = contextKinds.find(([el]) => text(ctx[el]));
  const desc = root.OpisPotwierdzenia as Record<string, unknown> | undefined;
  return {
    receiver: words(root.NazwaPodmiotuPrzyjmujacego) ?? '',
    sessionReference: need(root.NumerReferencyjnySesji, 'NumerReferencyjnySesji'),
    context: found ? { kind: found[1], value: text(ctx[found[0]])! } : null,
    tokenReference: text(auth.NumerReferencyjnyTokenaKSeF),
    authDocumentHash: text(auth.SkrotDokumentuUwierzytelniajacego),
    schemaName: words(root.NazwaStrukturyLogicznej),
    formCode: words(root.KodFormularza),
    page: desc ? { page: need(desc.Strona, 'Strona'), pages: need(desc.LiczbaStron, 'LiczbaStron'), total: need(desc.CalkowitaLiczbaDokumentow, 'CalkowitaLiczbaDokumentow') } : null,
    documents: ((root.Dokument ?? []) as Record<string, unknown>[]).map((d) => ({
      sellerNip: need(d.NipSprzedawcy, 'NipSprzedawcy'),
      ksefNumber: need(d.NumerKSeFDokumentu, 'NumerKSeFDokumentu'),
      invoiceNumber: words(d.NumerFaktury) ?? '',
      issueDate: need(d.DataWystawieniaFaktury, 'DataWystawieniaFaktury'),
      sentAt: need(d.DataPrzeslaniaDokumentu, 'DataPrzeslaniaDokumentu'),
      ksefNumberAssignedAt: need(d.DataNadaniaNumeruKSeF, 'DataNadaniaNumeruKSeF'),
      hash: need(d.SkrotDokumentu, 'SkrotDokumentu'),
      mode: text(d.TrybWysylki),
    })),
  };
}

const warsaw = new Intl.DateTimeFormat('pl-PL', { timeZone: 'Europe/Warsaw', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** An instant of the UPO in Polish time, to the second; text that is not an instant is shown as it is. */
export function formatUpoInstant(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : warsaw.format(d).replace(',', '');
}

const CONTEXT_LABEL: Record<NonNullable<Upo['context']>['kind'], string> = {
  nip: 'NIP',
  internal: 'Identyfikator wewnętrzny',
  vatUe: 'NIP i numer VAT UE',
  peppol: 'Identyfikator dostawcy usług Peppol',
};
const MODE_LABEL: Record<string, string> = { Online: 'online', Offline: 'offline' };

export const UPO_TITLE = 'Urzędowe Poświadczenie Odbioru (UPO)';
export const UPO_NOTE =
  'Wizualizacja UPO wydanego przez Krajowy System e-Faktur. Dowodem przyjęcia faktur jest dokument UPO w postaci XML podpisany przez Ministerstwo Finansów; pobierz go obok tego wydruku.';

export async function renderUpoPdf(xml: string | Buffer): Promise<Buffer> {
  const upo = parseUpo(xml);
  const { doc, done } = await openPdf({
    Title: `UPO ${upo.sessionReference}`,
    Author: upo.receiver || 'Ministerstwo Finansów',
    Subject: `Numery KSeF: ${upo.documents.map((d) => d.ksefNumber).join(', ')}`,
    // from the UPO itself, so that the same UPO gives the same bytes
    CreationDate: new Date(upo.documents[0]?.ksefNumberAssignedAt ?? '2000-01-01T00:00:00Z'),
  });
  const w = new Writer(doc);
  w.para(UPO_TITLE, { size: SIZE.title, bold: true, gap: 4 });
  w.para('dokumentów elektronicznych przesłanych do Krajowego Systemu e-Faktur', { size: SIZE.heading, gap: 8 });
  w.para(UPO_NOTE, { size: SIZE.small, color: GREY, gap: 6 });

  w.heading('Sesja');
  const rows: [string, string][] = [
    ['Podmiot przyjmujący', upo.receiver],
    ['Numer referencyjny sesji', upo.sessionReference],
  ];
  if (upo.context) rows.push([`Kontekst: ${CONTEXT_LABEL[upo.context.kind]}`, upo.context.value]);
  if (upo.tokenReference) rows.push(['Numer referencyjny tokenu KSeF', upo.tokenReference]);
  if (upo.authDocumentHash) rows.push(['Skrót dokumentu uwierzytelniającego', upo.authDocumentHash]);
  if (upo.formCode || upo.schemaName) rows.push(['Struktura logiczna', [upo.formCode, upo.schemaName].filter(Boolean).join(', schemat ')]);
  rows.push(['Liczba dokumentów', upo.page ? `${upo.documents.length} na tej stronie UPO (strona ${upo.page.page} z ${upo.page.pages}), razem ${upo.page.total}` : String(upo.documents.length)]);
  w.kv(rows, 170);

  const cols: Col[] = [
    { header: 'Lp.', width: 22, align: 'center' },
    { header: 'Numer faktury\nNumer KSeF', width: 0 },
    { header: 'NIP\nsprzedawcy', width: 56 },
    { header: 'Data\nwystawienia', width: 60 },
    { header: 'Przesłano\nNadano numer KSeF', width: 92 },
    { header: 'Tryb', width: 34 },
    { header: 'Skrót SHA-256 faktury', width: 88 },
  ];
  await w.headedTable(
    'Przyjęte faktury',
    cols,
    upo.documents.map((d, i) => [
      String(i + 1),
      `${d.invoiceNumber}\n${d.ksefNumber}`,
      d.sellerNip,
      formatDate(d.issueDate),
      `${formatUpoInstant(d.sentAt)}\n${formatUpoInstant(d.ksefNumberAssignedAt)}`,
      d.mode ? (MODE_LABEL[d.mode] ?? d.mode) : '',
      d.hash,
    ]),
  );

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing inside the bottom margin must not start a new page
    w.put(`UPO · sesja ${upo.sessionReference}`, MARGIN, PAGE_H - MARGIN - 8, CONTENT_W - 70, { size: SIZE.small, color: GREY });
    w.put(`Strona ${i - range.start + 1} z ${range.count}`, MARGIN + CONTENT_W - 70, PAGE_H - MARGIN - 8, 70, { size: SIZE.small, color: GREY, align: 'right' });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
