/**
 * FA(3) XSD validation, fully offline: the official schema copied into `lib/fa3/schema/`
 * (from CIRFMF/ksef-docs faktury/schemy/FA/, see its SOURCE.md), with the crd.gov.pl import URL mapped to the local
 * `bazowe/` files. The schema set is compiled on first use and reused for the life of the process.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createXsdValidator, type CompiledXsd, type XsdResult } from '@/lib/xml/xsd';

export type Fa3ValidationError = { path: string; line?: number; message: string };
export type Fa3ValidationResult = { valid: boolean; errors: Fa3ValidationError[] };

/** Namespace of the FA(3) root element (also printed in the KSeF docs). */
export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/';
/** The base-types namespace and the URL prefix the FA(3) XSD imports them from. */
export const FA3_ETD_NAMESPACE = 'http://crd.gov.pl/xml/schematy/dziedzinowe/mf/2022/01/05/eD/DefinicjeTypy/';

const here = path.dirname(fileURLToPath(import.meta.url));
/**
 * Absolute paths of the bundled schema files (also used by the xmllint benchmark). Inside a Next.js
 * server bundle import.meta.url points into .next/, so fall back to the repo root (the app's cwd).
 */
export const FA3_SCHEMA_DIR = fs.existsSync(path.join(here, 'schema')) ? path.join(here, 'schema') : path.join(process.cwd(), 'lib/fa3/schema');
export const FA3_SCHEMA_ENTRY = path.join(FA3_SCHEMA_DIR, 'schemat_FA(3)_v1-0E.xsd');

let compiled: CompiledXsd | undefined;

function validator(): CompiledXsd {
  compiled ??= createXsdValidator({
    entry: FA3_SCHEMA_ENTRY,
    urlMap: { [FA3_ETD_NAMESPACE]: path.join(FA3_SCHEMA_DIR, 'bazowe') + path.sep },
  });
  return compiled;
}

/** Validate an FA(3) document against the official XSD. Never throws for bad input. */
export function validateFa3Xml(xml: string | Uint8Array): Fa3ValidationResult {
  const r: XsdResult = validator().validate(xml);
  return r;
}

// ---- what an XSD failure means, for a person ---------------------------------------------------

/** The restriction an XSD failure names (libxml2's `[facet '…']`), or the kind of failure without one. */
export type Fa3XsdProblemKind = 'maxInclusive' | 'minInclusive' | 'maxLength' | 'minLength' | 'pattern' | 'enumeration' | 'totalDigits' | 'fractionDigits' | 'type' | 'structure' | 'document';

export interface Fa3XsdProblem {
  /** The FA(3) element (`Termin`), '' for a document that is not well-formed XML. */
  element: string;
  /** The element in Polish words (`Termin płatności`), prefixed with the party where the path says (`Nabywca: …`). */
  label: string;
  kind: Fa3XsdProblemKind;
  /** The schema's limit the value broke: a date, a length, a digit count. */
  limit?: string;
  /**
   * The invoice model's path (lib/fa3/model.ts, as rules.ts and the form mapping in
   * lib/server/invoices/to-fa3.ts use: `lines.2.quantity`, `payment.dueDates.0.date`), when the
   * error's element path is known and the element comes from the model.
   */
  modelPath?: string;
}

/** The FA(3) elements this application writes, in words (the schema's own documentation is a legal paragraph). */
const ELEMENT_LABEL: Record<string, string> = {
  P_1: 'Data wystawienia',
  P_1M: 'Miejsce wystawienia',
  P_2: 'Numer faktury',
  P_6: 'Data sprzedaży',
  P_6A: 'Data sprzedaży pozycji',
  KodWaluty: 'Waluta',
  KursWaluty: 'Kurs waluty',
  KursWalutyZ: 'Kurs waluty zaliczki',
  RodzajFaktury: 'Rodzaj faktury',
  NrWierszaFa: 'Numer pozycji',
  P_7: 'Nazwa towaru lub usługi',
  P_8A: 'Jednostka miary',
  P_8B: 'Ilość',
  P_9A: 'Cena jednostkowa netto',
  P_9B: 'Cena jednostkowa brutto',
  P_10: 'Rabat',
  P_11: 'Wartość netto pozycji',
  P_11A: 'Wartość brutto pozycji',
  P_11Vat: 'Kwota VAT pozycji',
  P_12: 'Stawka VAT',
  P_15: 'Kwota należności ogółem',
  Termin: 'Termin płatności',
  FormaPlatnosci: 'Forma płatności',
  NrRB: 'Numer rachunku bankowego',
  P_18: 'Odwrotne obciążenie',
  P_18A: 'Mechanizm podzielonej płatności',
  P_19A: 'Podstawa zwolnienia z VAT (przepis ustawy)',
  P_19B: 'Podstawa zwolnienia z VAT (przepis dyrektywy)',
  P_19C: 'Podstawa zwolnienia z VAT (inna podstawa)',
  PrzyczynaKorekty: 'Przyczyna korekty',
  DataWystFaKorygowanej: 'Data wystawienia faktury korygowanej',
  NrFaKorygowanej: 'Numer faktury korygowanej',
  NrKSeFFaKorygowanej: 'Numer KSeF faktury korygowanej',
  Klucz: 'Uwagi (nazwa)',
  Wartosc: 'Uwagi',
  DataWytworzeniaFa: 'Data wytworzenia faktury',
  NIP: 'NIP',
  Nazwa: 'Nazwa',
  KodKraju: 'Kod kraju',
  AdresL1: 'Adres (ulica i numer)',
  AdresL2: 'Adres (kod pocztowy i miejscowość)',
  Email: 'E-mail',
  Telefon: 'Telefon',
  KodUE: 'Kod kraju UE',
  NrVatUE: 'Numer VAT UE',
  NrID: 'Identyfikator podatkowy',
};
const PARTY_LABEL: Record<string, string> = { Podmiot1: 'Sprzedawca', Podmiot2: 'Nabywca', Podmiot3: 'Podmiot trzeci' };

const LINE_FIELD: Record<string, string> = {
  P_6A: 'date',
  P_7: 'name',
  P_8A: 'unit',
  P_8B: 'quantity',
  P_9A: 'unitNetPrice',
  P_9B: 'unitGrossPrice',
  P_10: 'discount',
  P_11: 'net',
  P_11A: 'gross',
  P_11Vat: 'vat',
  P_12: 'vatRate',
  KursWaluty: 'exchangeRate',
};
const FA_FIELD: Record<string, string> = {
  P_1: 'issueDate',
  P_1M: 'issuePlace',
  P_2: 'number',
  P_6: 'saleDate',
  KodWaluty: 'currency',
  KursWalutyZ: 'exchangeRate',
  RodzajFaktury: 'kind',
  P_15: 'totals.gross',
  PrzyczynaKorekty: 'correction.reason',
};

const index = (segment: string | undefined) => Math.max(0, Number(/\[(\d+)\]$/.exec(segment ?? '')?.[1] ?? '1') - 1);
const bare = (segment: string | undefined) => (segment ?? '').replace(/\[\d+\]$/, '');

/** `/Faktura/Fa/FaWiersz[3]/P_8B` → `lines.2.quantity`; undefined where the model has no such field of its own. */
function modelPathOf(xmlPath: string): string | undefined {
  const parts = xmlPath.split('/').filter(Boolean);
  if (parts[0] !== 'Faktura') return undefined;
  const [, top, ...rest] = parts;
  const last = bare(parts.at(-1));
  const party = bare(top);
  if (party === 'Podmiot1') return `seller.${rest.map(bare).join('.')}`.replace(/\.$/, '');
  if (party === 'Podmiot2') return `buyer.${rest.map(bare).join('.')}`.replace(/\.$/, '');
  if (party !== 'Fa') return undefined;
  const [section, ...inner] = rest;
  const name = bare(section);
  if (name === 'FaWiersz') return `lines.${index(section)}${inner.length ? `.${LINE_FIELD[bare(inner.at(-1))] ?? bare(inner.at(-1))}` : ''}`;
  if (name === 'Platnosc') {
    if (bare(inner[0]) === 'TerminPlatnosci') return `payment.dueDates.${index(inner[0])}.date`;
    if (bare(inner[0]) === 'RachunekBankowy') return `payment.bankAccounts.${index(inner[0])}.number`;
    if (bare(inner[0]) === 'FormaPlatnosci') return 'payment.method';
    return 'payment';
  }
  if (name === 'Adnotacje') return /^P_19[ABC]$/.test(last) ? 'annotations.exemption' : last === 'P_18A' ? 'annotations.splitPayment' : last === 'P_18' ? 'annotations.reverseCharge' : 'annotations';
  if (name === 'DodatkowyOpis') return `notes.${index(section)}`;
  if (name === 'DaneFaKorygowanej') return `correction.invoices.${index(section)}`;
  const sum = /^P_1([34])_(\w+?)(W?)$/.exec(name);
  if (sum) return `totals.${sum[1] === '3' ? 'net' : sum[3] ? 'vatPln' : 'vat'}.${sum[2]}`;
  return FA_FIELD[name];
}

/** A message in libxml2's words (what validateFa3Xml reports), as opposed to one of ours. */
export function isXsdMessage(message: string): boolean {
  return (
    /^Element '[^']+'/.test(message) ||
    /^(PCDATA|Char 0x|Entity|EntityRef|Input is not proper|Premature end|Start tag|Opening and ending tag|Extra content|Document is empty|Couldn't find|xmlParse|internal error)/.test(message)
  );
}

/**
 * What an XSD failure means: the element, its name in words, the broken restriction and its limit,
 * and the model path (when the failure's element path is known). Works from the message alone too
 * (only the element's name is then known). libxml2's text is for the logs; this is for the user.
 */
export function explainXsdError(e: { path?: string; message: string }): Fa3XsdProblem {
  const element = /^Element '([^']+)'/.exec(e.message)?.[1] ?? '';
  const facet = /\[facet '(\w+)'\]/.exec(e.message)?.[1];
  const kind: Fa3XsdProblemKind = !element
    ? 'document'
    : facet && ['maxInclusive', 'minInclusive', 'maxLength', 'minLength', 'pattern', 'enumeration', 'totalDigits', 'fractionDigits'].includes(facet)
      ? (facet as Fa3XsdProblemKind)
      : /is not a valid value/.test(e.message)
        ? 'type'
        : 'structure';
  const limit =
    kind === 'maxInclusive' || kind === 'minInclusive'
      ? /allowed \('([^']+)'\)/.exec(e.message)?.[1]
      : kind === 'maxLength' || kind === 'minLength'
        ? /length of '(\d+)'\.?$/.exec(e.message)?.[1]
        : kind === 'totalDigits' || kind === 'fractionDigits'
          ? /allowed \('(\d+)'\)/.exec(e.message)?.[1]
          : undefined;
  const path = e.path && e.path !== '/' ? e.path : undefined;
  const party = path ? PARTY_LABEL[bare(path.split('/')[2])] : undefined;
  const words = ELEMENT_LABEL[element] ?? element;
  const modelPath = path ? modelPathOf(path) : undefined;
  return {
    element,
    label: party && words ? `${party}: ${/^\p{Lu}\p{Ll}/u.test(words) ? words.charAt(0).toLowerCase() + words.slice(1) : words}` : words,
    kind,
    ...(limit !== undefined ? { limit } : {}),
    ...(modelPath ? { modelPath } : {}),
  };
}
