/**
 * Generic XML tree helpers shared by the parser and the builder: the schema order of the children
 * of every container the model types (from schemat_FA(3)_v1-0E.xsd), and a reader that records
 * which children were mapped so the rest can be kept verbatim in `extra`.
 */
import type { Extra, XmlNode } from './model';

/** Child element order per container type, copied from the XSD sequences (choices flattened). */
export const ORDER = {
  Faktura: ['Naglowek', 'Podmiot1', 'Podmiot2', 'Podmiot3', 'PodmiotUpowazniony', 'Fa', 'Stopka', 'Zalacznik'],
  Podmiot1: ['PrefiksPodatnika', 'NrEORI', 'DaneIdentyfikacyjne', 'Adres', 'AdresKoresp', 'DaneKontaktowe', 'StatusInfoPodatnika'],
  Podmiot2: ['NrEORI', 'DaneIdentyfikacyjne', 'Adres', 'AdresKoresp', 'DaneKontaktowe', 'NrKlienta', 'IDNabywcy', 'JST', 'GV'],
  Podmiot3: ['IDNabywcy', 'NrEORI', 'DaneIdentyfikacyjne', 'Adres', 'AdresKoresp', 'DaneKontaktowe', 'Rola', 'RolaInna', 'OpisRoli', 'Udzial', 'NrKlienta'],
  Fa: [
    'KodWaluty',
    'P_1',
    'P_1M',
    'P_2',
    'WZ',
    'P_6',
    'OkresFa',
    'P_13_1',
    'P_14_1',
    'P_14_1W',
    'P_13_2',
    'P_14_2',
    'P_14_2W',
    'P_13_3',
    'P_14_3',
    'P_14_3W',
    'P_13_4',
    'P_14_4',
    'P_14_4W',
    'P_13_5',
    'P_14_5',
    'P_13_6_1',
    'P_13_6_2',
    'P_13_6_3',
    'P_13_7',
    'P_13_8',
    'P_13_9',
    'P_13_10',
    'P_13_11',
    'P_15',
    'KursWalutyZ',
    'Adnotacje',
    'RodzajFaktury',
    'PrzyczynaKorekty',
    'TypKorekty',
    'DaneFaKorygowanej',
    'OkresFaKorygowanej',
    'NrFaKorygowany',
    'Podmiot1K',
    'Podmiot2K',
    'P_15ZK',
    'KursWalutyZK',
    'ZaliczkaCzesciowa',
    'FP',
    'TP',
    'DodatkowyOpis',
    'FakturaZaliczkowa',
    'ZwrotAkcyzy',
    'FaWiersz',
    'Rozliczenie',
    'Platnosc',
    'WarunkiTransakcji',
    'Zamowienie',
  ],
  FaWiersz: [
    'NrWierszaFa',
    'UU_ID',
    'P_6A',
    'P_7',
    'Indeks',
    'GTIN',
    'PKWiU',
    'CN',
    'PKOB',
    'P_8A',
    'P_8B',
    'P_9A',
    'P_9B',
    'P_10',
    'P_11',
    'P_11A',
    'P_11Vat',
    'P_12',
    'P_12_XII',
    'P_12_Zal_15',
    'KwotaAkcyzy',
    'GTU',
    'Procedura',
    'KursWaluty',
    'StanPrzed',
  ],
  Platnosc: [
    'Zaplacono',
    'DataZaplaty',
    'ZnacznikZaplatyCzesciowej',
    'ZaplataCzesciowa',
    'TerminPlatnosci',
    'FormaPlatnosci',
    'PlatnoscInna',
    'OpisPlatnosci',
    'RachunekBankowy',
    'RachunekBankowyFaktora',
    'Skonto',
    'LinkDoPlatnosci',
    'IPKSeF',
  ],
  TerminPlatnosci: ['Termin', 'TerminOpis'],
  RachunekBankowy: ['NrRB', 'SWIFT', 'RachunekWlasnyBanku', 'NazwaBanku', 'OpisRachunku'],
} as const satisfies Record<string, readonly string[]>;
export type Container = keyof typeof ORDER;

/** Reads the children of one element, remembering which were mapped to the model. */
export class Reader {
  private readonly used = new Set<number>();
  readonly kids: XmlNode[];
  constructor(node: XmlNode | undefined) {
    this.kids = node?.children ?? [];
  }
  all(name: string): XmlNode[] {
    const out: XmlNode[] = [];
    this.kids.forEach((k, i) => {
      if (k.name === name) {
        this.used.add(i);
        out.push(k);
      }
    });
    return out;
  }
  one(name: string): XmlNode | undefined {
    return this.all(name)[0];
  }
  text(name: string): string | undefined {
    const n = this.one(name);
    return n ? (n.text ?? '') : undefined;
  }
  flag(name: string): boolean {
    return this.text(name) === '1';
  }
  has(name: string): boolean {
    return this.kids.some((k) => k.name === name);
  }
  /** Unmapped children grouped by name, or undefined when everything was mapped. */
  rest(): Extra | undefined {
    let out: Extra | undefined;
    this.kids.forEach((k, i) => {
      if (this.used.has(i)) return;
      out ??= {};
      (out[k.name] ??= []).push(k);
    });
    return out;
  }
}

/** Builder side: collects typed children and merges `extra` in schema order. */
export class Emitter {
  private readonly items: XmlNode[] = [];
  constructor(private readonly container: Container) {}
  text(name: string, value: string | undefined | null): this {
    if (value !== undefined && value !== null) this.items.push({ name, text: value });
    return this;
  }
  flag(name: string, on: boolean | undefined): this {
    if (on) this.items.push({ name, text: '1' });
    return this;
  }
  node(n: XmlNode | undefined): this {
    if (n) this.items.push(n);
    return this;
  }
  nodes(ns: XmlNode[]): this {
    this.items.push(...ns);
    return this;
  }
  finish(name: string, extra?: Extra, attrs?: Record<string, string>): XmlNode {
    const all = [...this.items];
    for (const ns of Object.values(extra ?? {})) all.push(...ns);
    const order: readonly string[] = ORDER[this.container];
    const rank = (n: XmlNode) => {
      const i = order.indexOf(n.name);
      return i < 0 ? order.length : i;
    };
    // Stable sort: same-name elements keep their relative order.
    const children = all
      .map((n, i) => ({ n, i }))
      .sort((a, b) => rank(a.n) - rank(b.n) || a.i - b.i)
      .map((x) => x.n);
    return { name, ...(attrs ? { attrs } : {}), children };
  }
}

export function leaf(name: string, text: string): XmlNode {
  return { name, text };
}

export function group(name: string, children: (XmlNode | undefined | false)[]): XmlNode {
  return { name, children: children.filter((c): c is XmlNode => !!c) };
}
