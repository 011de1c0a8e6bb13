import 'server-only';
import type { Address, Contact, Extra, Invoice, Line, PartyId, ThirdParty, XmlNode } from '@/lib/fa3/model';
import { BUCKET_ORDER, dec, RATE_BUCKET } from '@/lib/fa3/totals';
import { translator, type Locale, type Translate } from '@/lib/i18n';
import { formatDate, formatDateTime, formatMoney, formatNip } from '@/lib/i18n/format';
import { formatBankAccount } from '@/lib/invoices/bank-account';

/**
 * A received FA(3) invoice as display sections, in the reader's language: every typed field of the
 * parsed model, and every untyped subtree the parser kept (`extra`, `faExtra`: Rozliczenie,
 * WarunkiTransakcji, Zamowienie, Stopka, Zalacznik, PodmiotUpowazniony, …) as nested entries —
 * nothing the seller wrote is dropped. What comes out is what a person reads: FA(3) codes carry
 * their official meaning (the schema's documentation: FormaPlatnosci 6 is „Przelew”, P_12 „23” is
 * „23%”, Rola 1 is „Faktor”, …), addresses are address lines with the country named, dates and
 * amounts are written as in the reader's locale, instants in Warsaw time, account numbers grouped.
 * Pure: the page (app/(app)/purchases/[id]) only lays the sections out.
 */
export interface Entry {
  label: string;
  /** The value, one string per line (an address is several); empty for a group of `children`. */
  lines: string[];
  /** Read as one token (account numbers, KSeF numbers): never broken at its spaces or dashes. */
  token?: boolean;
  children?: Entry[];
}
export interface Cell {
  text: string;
  /** Smaller lines under the text (a line's index, GTIN, PKWiU …). */
  notes?: string[];
}
export interface Column {
  label: string;
  num?: boolean;
  /** A text column that needs room (a line's name): kept readable while the table scrolls. */
  wide?: boolean;
}
export interface Table {
  caption?: string;
  columns: Column[];
  rows: Cell[][];
  foot?: Cell[][];
}
export interface Section {
  id: string;
  title: string;
  entries: Entry[];
  paragraphs?: string[];
  tables?: Table[];
  /** The lines table shows one page of rows: anyone can send us an invoice of 10,000 lines. */
  paging?: { page: number; pages: number; from: number; to: number; total: number };
  /** Parts with their own heading (an attachment's data blocks). */
  parts?: Section[];
}

/** Lines per page of a purchase invoice: a page stays small whatever the sender put in it. */
export const LINES_PER_PAGE = 100;

// ---- element kinds (after the XSD types of the elements) ------------------------------------------

/** TKwotowy / TKwotowy2: amounts in the invoice's currency. */
const MONEY = new Set([
  'DoRozliczenia',
  'DoZaplaty',
  'Kwota',
  'KwotaAkcyzy',
  'KwotaAkcyzyZ',
  'KwotaZaplatyCzesciowej',
  'P_11',
  'P_11A',
  'P_11NettoZ',
  'P_11Vat',
  'P_11VatZ',
  'P_15',
  'P_15Z',
  'P_15ZK',
  'SumaObciazen',
  'SumaOdliczen',
  'WartoscZamowienia',
  'P_10',
  'P_9A',
  'P_9AZ',
  'P_9B',
]);
/** TIlosci and integers: quantities and exchange rates, every given digit kept. */
const DECIMAL = new Set(['KursUmowny', 'KursWaluty', 'KursWalutyZ', 'KursWalutyZK', 'KursWalutyZW', 'P_8B', 'P_8BZ', 'Ilosc']);
/** TProcentowy. */
const PERCENT = new Set(['P_12Z_XII', 'P_12_XII', 'Udzial']);
/** TWybor1 / TWybor1_2 flags: 1 = yes, 2 = no. */
const FLAG = new Set([
  'BrakID',
  'FP',
  'LadunekInny',
  'NrKSeF',
  'NrKSeFN',
  'NrKSeFZN',
  'P_12Z_Zal_15',
  'P_12_Zal_15',
  'P_19',
  'P_19N',
  'P_22',
  'P_22N',
  'P_PMarzy',
  'P_PMarzyN',
  'P_PMarzy_2',
  'P_PMarzy_3_1',
  'P_PMarzy_3_2',
  'P_PMarzy_3_3',
  'PlatnoscInna',
  'PodmiotPosredniczacy',
  'RolaInna',
  'StanPrzed',
  'StanPrzedZ',
  'TP',
  'TransportInny',
  'Zaplacono',
  'ZwrotAkcyzy',
  'P_16',
  'P_17',
  'P_18',
  'P_18A',
  'P_23',
  'P_42_5',
  'JST',
  'GV',
]);
/** Markers implied by the description that follows them (RolaInna=1 → OpisRoli): not repeated. */
const IMPLIED = new Set(['RolaInna', 'PlatnoscInna', 'TransportInny', 'LadunekInny', 'P_22', 'P_PMarzy']);
/** Code lists with their official meanings (message group under purchases.inv). */
const CODES: Record<string, string> = {
  FormaPlatnosci: 'paymentMethods',
  P_12: 'rates',
  P_12Z: 'rates',
  RodzajFaktury: 'kinds',
  Rola: 'thirdPartyRoles',
  RolaPU: 'authorizedRoles',
  StatusInfoPodatnika: 'taxpayerStatus',
  TypKorekty: 'correctionTypes',
  RodzajTransportu: 'transport',
  OpisLadunku: 'cargo',
  RachunekWlasnyBanku: 'ownBankAccount',
  ZnacznikZaplatyCzesciowej: 'partialPayment',
};
/** Containers that are only a wrapper: their children are shown in their place. */
const FLATTEN = new Set(['DaneIdentyfikacyjne']);
const ADDRESS_PARTS = new Set(['KodKraju', 'AdresL1', 'AdresL2', 'GLN']);

// ---- formatting --------------------------------------------------------------------------------

const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

class Fmt {
  readonly t: Translate;
  private readonly regions: Intl.DisplayNames;
  private readonly currencies: Intl.DisplayNames;

  constructor(
    readonly locale: Locale,
    readonly currency: string,
  ) {
    this.t = translator(locale);
    this.regions = new Intl.DisplayNames([locale === 'pl' ? 'pl-PL' : 'en-GB'], { type: 'region', fallback: 'code' });
    this.currencies = new Intl.DisplayNames([locale === 'pl' ? 'pl-PL' : 'en-GB'], { type: 'currency', fallback: 'code' });
  }

  /** `purchases.inv.<key>`. */
  m(key: string, params?: Record<string, string>): string {
    return this.t(`purchases.inv.${key}`, params);
  }

  /** The meaning of a code in one of the code lists, or the code itself when the list has none. */
  code(group: string, value: string): string {
    const key = `purchases.inv.${group}.${value}`;
    const v = this.t(key);
    return v === key ? value : v;
  }

  /** What an FA(3) element is, in words. */
  el(name: string): string {
    const key = `purchases.inv.el.${name}`;
    const v = this.t(key);
    return v === key ? this.m('sections.other') : v;
  }

  yesNo(on: boolean): string {
    return this.t(on ? 'purchases.yes' : 'purchases.no');
  }

  date(v: string): string {
    return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatDate(v, this.locale) : v;
  }

  /** An instant (TDataCzas) in Warsaw time; one written without a zone is taken as written. */
  instant(v: string): string {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::[\d.]+)?(Z|[+-]\d{2}:\d{2})?$/.exec(v.trim());
    if (!m) return v;
    if (m[6]) {
      const d = new Date(v.trim().replace(/(\.\d{3})\d+/, '$1'));
      if (!Number.isNaN(d.getTime())) return formatDateTime(d, this.locale);
    }
    const day = formatDate(`${m[1]}-${m[2]}-${m[3]}`, this.locale);
    return `${day}, ${m[4]}:${m[5]}`;
  }

  /** A decimal with every given fraction digit, at least `minFraction`, grouped thousands. */
  decimal(v: string, minFraction = 0): string {
    const m = DECIMAL_RE.exec(v.trim());
    if (!m) return v;
    const [, sign, int, frac = ''] = m;
    const f = frac.length >= minFraction ? frac : frac.padEnd(minFraction, '0');
    const sep = this.locale === 'pl' ? '\u00a0' : ',';
    return `${sign}${int!.replace(/\B(?=(\d{3})+(?!\d))/g, sep)}${f ? `${this.locale === 'pl' ? ',' : '.'}${f}` : ''}`;
  }

  /** An amount without the currency (table cells: the column says it), unit prices keeping all their digits. */
  amount(v: string): string {
    return this.decimal(v, 2);
  }

  money(v: string, currency = this.currency): string {
    const m = DECIMAL_RE.exec(v.trim());
    if (!m) return v;
    if ((m[3]?.length ?? 0) <= 2) return formatMoney(v, currency, this.locale);
    // More than 2 decimals (a unit price): the same layout as formatMoney, every digit kept.
    const one = formatMoney('1', currency, this.locale);
    return one.replace(this.locale === 'pl' ? '1,00' : '1.00', this.amount(v));
  }

  country(code: string): string {
    const own = this.code('countries', code);
    if (own !== code) return own;
    try {
      return this.regions.of(code) ?? code;
    } catch {
      return code;
    }
  }

  currencyName(code: string): string {
    try {
      const name = this.currencies.of(code);
      return name && name !== code ? `${code} (${name})` : code;
    } catch {
      return code;
    }
  }

  rate(rate: string): string {
    return this.code('rates', rate);
  }

  /** An address as it is written on an envelope: street line, postcode and town, the country unless Poland. */
  address(a: Partial<Address>): string[] {
    return [a.line1, a.line2, a.country && a.country !== 'PL' ? this.country(a.country) : undefined, a.gln ? `GLN ${a.gln}` : undefined].filter((x): x is string => !!x);
  }

  /** The value of a leaf element, by what its XSD type says it is. */
  leaf(name: string, text: string): string {
    const v = text.trim();
    if (CODES[name]) return this.code(CODES[name]!, v);
    if (FLAG.has(name) && (v === '1' || v === '2')) return this.yesNo(v === '1');
    if (name === 'KodKraju' || name === 'KodUE') return this.country(v === 'EL' ? 'GR' : v);
    if (name === 'KodWaluty' || name === 'WalutaUmowna') return this.currencyName(v);
    if (name === 'NrRB') return formatBankAccount(v);
    if (name === 'NIP') return formatNip(v);
    if (MONEY.has(name)) return this.money(v);
    if (DECIMAL.has(name)) return this.decimal(v);
    if (PERCENT.has(name)) return this.m('labels.percent', { value: this.decimal(v) });
    if (/^\d{4}-\d{2}-\d{2}T/.test(v)) return this.instant(v);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return this.date(v);
    return v;
  }
}

// ---- generic content (what the model does not type) -----------------------------------------------

const entry = (label: string, value: string | string[] | undefined | null, token?: boolean): Entry[] => {
  const lines = (Array.isArray(value) ? value : [value]).filter((x): x is string => typeof x === 'string' && x.trim() !== '');
  return lines.length ? [{ label, lines, ...(token ? { token } : {}) }] : [];
};

function isAddress(n: XmlNode): boolean {
  return !!n.children?.length && n.children.some((c) => c.name === 'AdresL1') && n.children.every((c) => ADDRESS_PARTS.has(c.name));
}

function addressOf(n: XmlNode): Partial<Address> {
  const text = (name: string) => n.children?.find((c) => c.name === name)?.text?.trim();
  return { country: text('KodKraju'), line1: text('AdresL1'), line2: text('AdresL2'), gln: text('GLN') };
}

/** TerminOpis: „14 dni od daty doręczenia faktury”. */
function termsText(n: XmlNode): string {
  const text = (name: string) => n.children?.find((c) => c.name === name)?.text?.trim() ?? '';
  return [text('Ilosc'), text('Jednostka'), text('ZdarzeniePoczatkowe')].filter(Boolean).join(' ');
}

/** XML subtrees as entries: labelled in words, values formatted by what they are, nesting kept. */
function nodeEntries(nodes: XmlNode[] | undefined, f: Fmt): Entry[] {
  return (nodes ?? []).flatMap((n): Entry[] => {
    if (IMPLIED.has(n.name) && n.text?.trim() === '1') return [];
    if (FLATTEN.has(n.name)) return nodeEntries(n.children, f);
    if (isAddress(n)) return entry(f.el(n.name), f.address(addressOf(n)));
    if (n.name === 'TerminOpis') return entry(f.el(n.name), termsText(n));
    if (n.name === 'PMarzy') return entry(f.el('PMarzy'), marginText(n, f));
    if (n.children?.length) {
      const children = nodeEntries(n.children, f);
      return children.length ? [{ label: f.el(n.name), lines: [], children }] : [];
    }
    return entry(f.el(n.name), f.leaf(n.name, n.text ?? ''), n.name === 'NrRB');
  });
}

function extraNodes(extra: Extra | undefined): XmlNode[] {
  return extra ? Object.values(extra).flat() : [];
}

/** PMarzy: which margin scheme (P_PMarzy_2 … P_PMarzy_3_3 set to 1). */
function marginText(n: XmlNode, f: Fmt): string {
  const variants = (n.children ?? []).filter((c) => /^P_PMarzy_/.test(c.name) && c.text?.trim() === '1').map((c) => f.el(c.name));
  return variants.length ? variants.join(', ') : f.yesNo(true);
}

// ---- parties -----------------------------------------------------------------------------------

function idEntries(id: PartyId, f: Fmt): Entry[] {
  const l = (k: string) => f.m(`labels.${k}`);
  switch (id.type) {
    case 'nip':
      return entry(l('nip'), formatNip(id.nip), true);
    case 'internal':
      return entry(l('internalId'), id.internalId, true);
    case 'eu':
      return entry(l('vatUe'), `${id.countryCode}${id.vatNumber}`, true);
    case 'foreign':
      return entry(l('taxId'), id.countryCode ? `${id.taxId} (${f.country(id.countryCode)})` : id.taxId);
    default:
      return entry(l('taxId'), l('noTaxId'));
  }
}

function contactEntries(cs: Contact[] | undefined, f: Fmt): Entry[] {
  return (cs ?? []).flatMap((c) => [...entry(f.m('labels.email'), c.email), ...entry(f.m('labels.phone'), c.phone)]);
}

function roleName(p: ThirdParty, f: Fmt): string {
  return 'code' in p.role ? f.code('thirdPartyRoles', p.role.code) : p.role.other;
}

function partySection(id: string, title: string, p: Invoice['seller'] | Invoice['buyer'] | ThirdParty, f: Fmt): Section {
  const l = (k: string) => f.m(`labels.${k}`);
  const entries: Entry[] = [...entry(l('name'), p.name)];
  if ('nip' in p && typeof p.nip === 'string') {
    entries.push(...entry(l('nip'), formatNip(p.nip), true));
    if (p.taxPrefix) entries.push(...entry(l('vatUe'), `${p.taxPrefix}${p.nip}`, true));
  }
  if ('id' in p && p.id) entries.push(...idEntries(p.id, f));
  if (p.address) entries.push(...entry(l('address'), f.address(p.address)));
  if (p.correspondenceAddress) entries.push(...entry(l('correspondenceAddress'), f.address(p.correspondenceAddress)));
  entries.push(...contactEntries(p.contacts, f));
  entries.push(...entry(l('eori'), p.eori, true));
  if ('taxpayerStatus' in p && p.taxpayerStatus) entries.push(...entry(l('taxpayerStatus'), f.code('taxpayerStatus', p.taxpayerStatus)));
  if ('share' in p && p.share) entries.push(...entry(l('share'), f.m('labels.percent', { value: f.decimal(p.share) })));
  if ('customerNumber' in p) entries.push(...entry(l('customerNumber'), p.customerNumber));
  if ('buyerId' in p) entries.push(...entry(l('buyerId'), p.buyerId));
  if ('jst' in p && p.jst) entries.push(...entry(l('jst'), f.yesNo(true)));
  if ('gv' in p && p.gv) entries.push(...entry(l('gv'), f.yesNo(true)));
  entries.push(...nodeEntries(extraNodes(p.extra), f));
  return { id, title, entries };
}

// ---- lines and totals --------------------------------------------------------------------------

interface LineColumn {
  key: string;
  num?: boolean;
  money?: boolean;
  cell: (l: Line) => string | undefined;
}

function lineNotes(l: Line, f: Fmt): string[] {
  const el = (name: string, v: string | undefined) => (v ? `${f.el(name)}: ${v}` : undefined);
  const extra = extraNodes(l.extra).filter((n) => n.name !== 'P_12_XII');
  return [
    el('P_6A', l.date && f.date(l.date)),
    el('Indeks', l.index),
    el('GTIN', l.gtin),
    el('PKWiU', l.pkwiu),
    el('CN', l.cn),
    l.gtu,
    el('Procedura', l.procedure),
    l.annex15 ? f.m('labels.annex15') : undefined,
    el('KursWaluty', l.exchangeRate && f.decimal(l.exchangeRate)),
    el('UU_ID', l.uuid),
    ...nodeEntries(extra, f).map(flatText),
  ].filter((x): x is string => !!x);
}

/** An entry as one line of text („Kwota akcyzy: 12,00 zł”). */
function flatText(e: Entry): string {
  const value = e.children ? e.children.map(flatText).join('; ') : e.lines.join(', ');
  return `${e.label}: ${value}`;
}

function lineRate(l: Line, f: Fmt): string | undefined {
  if (l.vatRate) return f.rate(l.vatRate);
  const oss = extraNodes(l.extra).find((n) => n.name === 'P_12_XII')?.text;
  return oss ? f.m('labels.ossRate', { value: f.decimal(oss) }) : undefined;
}

function linesSection(inv: Invoice, f: Fmt, linesPage: number | undefined): Section {
  const total = inv.lines.length;
  const pages = Math.max(1, Math.ceil(total / LINES_PER_PAGE));
  const page = Math.min(Math.max(1, Math.trunc(linesPage ?? 1) || 1), pages);
  const shown = inv.lines.slice((page - 1) * LINES_PER_PAGE, page * LINES_PER_PAGE);
  const cols: LineColumn[] = [
    { key: 'lineNo', cell: (l) => l.no },
    { key: 'lineName', cell: (l) => l.name?.replace(/\s+/g, ' ').trim() ?? '' },
    { key: 'quantity', num: true, cell: (l) => l.quantity && f.decimal(l.quantity) },
    { key: 'unit', cell: (l) => l.unit },
    { key: 'unitNetPrice', num: true, money: true, cell: (l) => l.unitNetPrice && f.amount(l.unitNetPrice) },
    { key: 'unitGrossPrice', num: true, money: true, cell: (l) => l.unitGrossPrice && f.amount(l.unitGrossPrice) },
    { key: 'discount', num: true, money: true, cell: (l) => l.discount && f.amount(l.discount) },
    { key: 'vatRate', cell: (l) => lineRate(l, f) },
    { key: 'net', num: true, money: true, cell: (l) => l.net && f.amount(l.net) },
    { key: 'vat', num: true, money: true, cell: (l) => l.vat && f.amount(l.vat) },
    { key: 'gross', num: true, money: true, cell: (l) => l.gross && f.amount(l.gross) },
  ];
  // Only the columns some line uses (over all lines, so columns stay put between pages).
  const used = cols.filter((c) => c.key === 'lineNo' || c.key === 'lineName' || inv.lines.some((l) => c.cell(l) !== undefined));
  const currency = f.currency === 'PLN' && f.locale === 'pl' ? 'zł' : f.currency;
  const columns = used.map((c): Column => ({
    label: c.money ? f.m('labels.inCurrency', { label: f.m(`labels.${c.key}`), currency }) : f.m(`labels.${c.key}`),
    num: c.num,
    wide: c.key === 'lineName',
  }));
  const row = (l: Line): Cell[] => used.map((c) => (c.key === 'lineName' ? { text: c.cell(l) ?? '', notes: lineNotes(l, f) } : { text: c.cell(l) ?? '' }));
  const before = shown.filter((l) => l.before);
  const tables: Table[] = before.length
    ? [
        { caption: f.m('sections.linesBefore'), columns, rows: before.map(row) },
        { caption: f.m('sections.linesAfter'), columns, rows: shown.filter((l) => !l.before).map(row) },
      ]
    : [{ columns, rows: shown.map(row) }];
  return {
    id: 'lines',
    title: f.m('sections.lines'),
    entries: [],
    tables,
    paging: { page, pages, from: total ? (page - 1) * LINES_PER_PAGE + 1 : 0, to: (page - 1) * LINES_PER_PAGE + shown.length, total },
  };
}

/** The rate of a VAT-summary row: the one rate the lines (or an advance's order lines) use in it, else the bucket's name. */
function bucketLabel(bucket: string, inv: Invoice, f: Fmt): string {
  const rates = new Set<string>();
  for (const l of inv.lines) if (l.vatRate && RATE_BUCKET[l.vatRate] === bucket) rates.add(l.vatRate);
  const orderRates = (nodes: XmlNode[] | undefined): void =>
    nodes?.forEach((n) => {
      const r = n.text?.trim();
      if (n.name === 'P_12Z' && r && r in RATE_BUCKET && RATE_BUCKET[r as keyof typeof RATE_BUCKET] === bucket) rates.add(r);
      orderRates(n.children);
    });
  orderRates(inv.faExtra?.Zamowienie);
  const [only] = [...rates];
  return rates.size === 1 && only ? f.rate(only) : f.code('buckets', bucket);
}

function totalsSection(inv: Invoice, f: Fmt): Section {
  const l = (k: string) => f.m(`labels.${k}`);
  const t = inv.totals;
  const buckets = BUCKET_ORDER.filter((b) => t.net[b] !== undefined || t.vat[b] !== undefined || t.vatPln[b] !== undefined);
  const showPln = buckets.some((b) => t.vatPln[b] !== undefined);
  const sum = (xs: (string | undefined)[]) => xs.reduce((s, x) => s.plus(dec(x)), dec(0)).toFixed(2);
  const columns: Column[] = [
    { label: l('rate') },
    { label: l('totalNet'), num: true },
    { label: l('totalVat'), num: true },
    ...(showPln ? [{ label: l('totalVatPln'), num: true }] : []),
    { label: l('totalGross'), num: true },
  ];
  const rows = buckets.map((b): Cell[] => [
    { text: bucketLabel(b, inv, f) },
    { text: t.net[b] !== undefined ? f.amount(t.net[b]!) : '—' },
    { text: t.vat[b] !== undefined ? f.amount(t.vat[b]!) : '—' },
    ...(showPln ? [{ text: t.vatPln[b] !== undefined ? f.money(t.vatPln[b]!, 'PLN') : '—' }] : []),
    { text: f.amount(sum([t.net[b], t.vat[b]])) },
  ]);
  const net = sum(buckets.map((b) => t.net[b]));
  const vat = sum(buckets.map((b) => t.vat[b]));
  const foot: Cell[][] = [
    [{ text: l('sum') }, { text: f.money(net) }, { text: f.money(vat) }, ...(showPln ? [{ text: f.money(sum(buckets.map((b) => t.vatPln[b])), 'PLN') }] : []), { text: f.money(sum([net, vat])) }],
  ];
  return {
    id: 'totals',
    title: f.m('sections.totals'),
    entries: entry(l('totalDue'), t.gross ? f.money(t.gross) : undefined),
    tables: buckets.length ? [{ columns, rows, foot }] : [],
  };
}

// ---- the other sections ---------------------------------------------------------------------------

function detailsSection(inv: Invoice, f: Fmt, singles: XmlNode[]): Section {
  const l = (k: string) => f.m(`labels.${k}`);
  const advance = inv.kind === 'ZAL' || inv.kind === 'KOR_ZAL';
  return {
    id: 'details',
    title: f.m('sections.details'),
    entries: [
      ...entry(l('kind'), f.code('kinds', inv.kind)),
      ...entry(l('number'), inv.number),
      ...entry(l('issueDate'), f.date(inv.issueDate)),
      ...entry(l('issuePlace'), inv.issuePlace),
      ...entry(advance ? l('paymentReceivedDate') : l('saleDate'), inv.saleDate && f.date(inv.saleDate)),
      ...entry(l('salePeriod'), inv.salePeriod && f.m('labels.salePeriodValue', { from: f.date(inv.salePeriod.from), to: f.date(inv.salePeriod.to) })),
      ...entry(l('currency'), f.currencyName(inv.currency)),
      ...entry(l('exchangeRate'), inv.exchangeRate && f.decimal(inv.exchangeRate)),
      ...entry(l('deliveryNotes'), inv.deliveryNotes),
      ...nodeEntries(singles, f),
      ...entry(l('createdAt'), inv.createdAt && f.instant(inv.createdAt)),
      ...entry(l('system'), inv.systemInfo),
    ],
  };
}

function correctionSection(inv: Invoice, f: Fmt): Section | undefined {
  const c = inv.correction;
  if (!c) return undefined;
  const l = (k: string) => f.m(`labels.${k}`);
  return {
    id: 'correction',
    title: f.m('sections.correction'),
    entries: [
      ...entry(l('correctionReason'), c.reason),
      ...entry(l('correctionType'), c.type && f.code('correctionTypes', c.type)),
      ...entry(l('correctionPeriod'), c.period),
      ...entry(l('correctedNumber'), c.correctedNumber),
    ],
    tables: [
      {
        columns: [{ label: f.el('DataWystFaKorygowanej') }, { label: f.el('NrFaKorygowanej') }, { label: f.el('NrKSeFFaKorygowanej') }],
        rows: c.invoices.map((x) => [{ text: f.date(x.issueDate) }, { text: x.number }, { text: x.ksefNumber ?? l('outsideKsef') }]),
      },
    ],
  };
}

function annotationsSection(inv: Invoice, f: Fmt): Section {
  const l = (k: string) => f.m(`labels.${k}`);
  const a = inv.annotations;
  const transport = a.newTransport ? nodeEntries(a.newTransport.children, f) : [];
  return {
    id: 'annotations',
    title: f.m('sections.annotations'),
    entries: [
      ...entry(l('cashMethod'), f.yesNo(a.cashMethod)),
      ...entry(l('selfBilling'), f.yesNo(a.selfBilling)),
      ...entry(l('reverseCharge'), f.yesNo(a.reverseCharge)),
      ...entry(l('splitPayment'), f.yesNo(a.splitPayment)),
      // P_19N (no exempt supply) says nothing a reader needs: only an exemption is shown, with its basis.
      ...(a.exemption ? entry(l('exemption'), f.m('labels.exemptionValue', { basis: f.code('exemptionBases', a.exemption.basis), text: a.exemption.text })) : []),
      ...(a.newTransport ? [{ label: l('newTransport'), lines: [f.yesNo(true)], children: transport }] : entry(l('newTransport'), f.yesNo(false))),
      ...entry(l('simplifiedTriangular'), f.yesNo(a.simplifiedTriangular)),
      ...entry(l('margin'), a.margin ? marginText(a.margin, f) : f.yesNo(false)),
    ],
  };
}

function paymentSection(inv: Invoice, f: Fmt): Section | undefined {
  const p = inv.payment;
  if (!p) return undefined;
  const l = (k: string) => f.m(`labels.${k}`);
  const due = (p.dueDates ?? []).map((d) => {
    const terms = extraNodes(d.extra);
    const opis = terms.find((n) => n.name === 'TerminOpis');
    return [
      d.date && f.date(d.date),
      opis && termsText(opis),
      ...nodeEntries(
        terms.filter((n) => n !== opis),
        f,
      ).map(flatText),
    ]
      .filter(Boolean)
      .join(' — ');
  });
  const accounts = (p.bankAccounts ?? []).map((r): Entry => {
    const children = [...entry(l('swift'), r.swift), ...entry(l('bankName'), r.bankName), ...entry(l('accountDescription'), r.description), ...nodeEntries(extraNodes(r.extra), f)];
    return { label: l('bankAccount'), lines: [formatBankAccount(r.number)], token: true, ...(children.length ? { children } : {}) };
  });
  return {
    id: 'payment',
    title: f.m('sections.payment'),
    entries: [
      ...entry(l('paymentMethod'), p.method ? f.code('paymentMethods', p.method) : p.methodOther && f.m('labels.paymentOther', { text: p.methodOther })),
      ...entry(l('dueDate'), due),
      ...(p.paid ? entry(l('paid'), p.paidDate ? f.m('labels.paidOn', { date: f.date(p.paidDate) }) : f.yesNo(true)) : entry(l('paidDate'), p.paidDate && f.date(p.paidDate))),
      ...accounts,
      ...nodeEntries(extraNodes(p.extra), f),
    ],
  };
}

/** Zalacznik: its data blocks, each with its heading, key–value details, paragraphs and real tables. */
function attachmentSection(n: XmlNode, f: Fmt): Section {
  const kids = (x: XmlNode | undefined, name: string) => (x?.children ?? []).filter((c) => c.name === name);
  const text = (x: XmlNode | undefined, name: string) => kids(x, name)[0]?.text?.trim();
  const parts = kids(n, 'BlokDanych').map((b, i): Section => {
    const meta = (x: XmlNode, name: string, k: string, v: string) => kids(x, name).flatMap((m) => entry(text(m, k) ?? '', f.leaf(v, text(m, v) ?? '')));
    const tables = kids(b, 'Tabela').map((tab): Table => {
      const cols = kids(kids(tab, 'TNaglowek')[0], 'Kol');
      const types = cols.map((c) => c.attrs?.Typ ?? 'txt');
      const cell = (v: string | undefined, j: number): Cell => {
        const s = v?.trim() ?? '';
        const type = types[j];
        if (type === 'dec' || type === 'int') return { text: f.decimal(s) };
        if (type === 'date') return { text: f.date(s) };
        if (type === 'datetime') return { text: f.instant(s) };
        return { text: s };
      };
      // A row with fewer cells than columns is padded, so every row spans the table.
      const rowOf = (r: XmlNode, name: string) => {
        const cells = kids(r, name).map((c, j) => cell(c.text, j));
        return [...cells, ...Array.from({ length: Math.max(0, cols.length - cells.length) }, () => ({ text: '' }))];
      };
      const metaEntries = meta(tab, 'TMetaDane', 'TKlucz', 'TWartosc');
      const sum = kids(tab, 'Suma')[0];
      return {
        caption: [text(tab, 'Opis'), ...metaEntries.map(flatText)].filter(Boolean).join(' · ') || undefined,
        columns: cols.map((c, j) => ({ label: text(c, 'NKom') ?? c.text?.trim() ?? '', num: types[j] === 'dec' || types[j] === 'int' })),
        rows: kids(tab, 'Wiersz').map((r) => rowOf(r, 'WKom')),
        foot: sum ? [rowOf(sum, 'SKom')] : undefined,
      };
    });
    return {
      id: `attachment-${i}`,
      title: text(b, 'ZNaglowek') ?? f.m('sections.block', { n: String(i + 1) }),
      entries: meta(b, 'MetaDane', 'ZKlucz', 'ZWartosc'),
      paragraphs: kids(kids(b, 'Tekst')[0], 'Akapit').map((a) => a.text?.trim() ?? ''),
      tables,
    };
  });
  return { id: 'zalacznik', title: f.m('extraTitles.Zalacznik'), entries: [], parts };
}

function extraTitle(name: string, f: Fmt): string {
  const key = `purchases.inv.extraTitles.${name}`;
  const v = f.t(key);
  return v === key ? f.el(name) : v;
}

/** Texts longer than this wrap, in a column given room; shorter ones stay on one line. */
const WIDE_TEXT = 24;

/** Marks the text columns some cell of which is long: they wrap, the others keep their values on one line. */
function widen(s: Section): Section {
  const tables = s.tables?.map((t) => ({
    ...t,
    columns: t.columns.map((c, j) => (c.num || c.wide || ![...t.rows, ...(t.foot ?? [])].some((r) => (r[j]?.text.length ?? 0) > WIDE_TEXT) ? c : { ...c, wide: true })),
  }));
  return { ...s, ...(tables ? { tables } : {}), ...(s.parts ? { parts: s.parts.map(widen) } : {}) };
}

export function invoiceSections(inv: Invoice, opts: { linesPage?: number; locale?: Locale } = {}): Section[] {
  const f = new Fmt(opts.locale ?? 'pl', inv.currency);
  const faExtra = extraNodes(inv.faExtra);
  const rootExtra = extraNodes(inv.extra);
  // Single values the model does not type (P_15ZK, KursWalutyZK, FP, TP, …) belong with the invoice's details.
  const singles = faExtra.filter((n) => !n.children?.length);
  const groups = faExtra.filter((n) => n.children?.length);
  const sections: (Section | undefined)[] = [
    partySection('seller', f.m('sections.seller'), inv.seller, f),
    partySection('buyer', f.m('sections.buyer'), inv.buyer, f),
    ...(inv.thirdParties ?? []).map((p, i) => partySection(`third-${i}`, f.m('sections.thirdParty', { role: roleName(p, f) }), p, f)),
    ...rootExtra
      .filter((n) => n.name === 'PodmiotUpowazniony')
      .map((n, i): Section => ({ id: i ? `authorized-${i}` : 'authorized', title: f.m('sections.authorized'), entries: nodeEntries(n.children ?? [n], f) })),
    detailsSection(inv, f, singles),
    correctionSection(inv, f),
    inv.advanceInvoices?.length
      ? {
          id: 'advances',
          title: f.m('sections.advances'),
          entries: [],
          tables: [
            {
              columns: [{ label: f.m('labels.advanceNumber') }, { label: f.m('labels.advanceKsefNumber') }],
              rows: inv.advanceInvoices.map((a) => [{ text: a.number ?? '—' }, { text: a.ksefNumber ?? f.m('labels.outsideKsef') }]),
            },
          ],
        }
      : undefined,
    linesSection(inv, f, opts.linesPage),
    totalsSection(inv, f),
    annotationsSection(inv, f),
    inv.notes?.length
      ? {
          id: 'notes',
          title: f.m('sections.notes'),
          entries: [],
          tables: [
            {
              columns: [{ label: f.m('labels.noteLine') }, { label: f.m('labels.noteKey') }, { label: f.m('labels.noteValue') }],
              rows: inv.notes.map((n) => [{ text: n.line ?? f.m('labels.wholeInvoice') }, { text: n.key }, { text: n.value }]),
            },
          ],
        }
      : undefined,
    paymentSection(inv, f),
    // Everything else in Fa the model does not type (Rozliczenie, WarunkiTransakcji, Zamowienie, …): one section each.
    ...groups.map((n): Section => ({ id: `fa-${n.name}`, title: extraTitle(n.name, f), entries: nodeEntries(n.children, f) })),
    ...rootExtra
      .filter((n) => n.name !== 'PodmiotUpowazniony')
      .map((n): Section =>
        n.name === 'Zalacznik' ? attachmentSection(n, f) : { id: n.name.toLowerCase(), title: extraTitle(n.name, f), entries: nodeEntries(n.children?.length ? n.children : [n], f) },
      ),
  ];
  return sections.filter((s): s is Section => !!s && (s.entries.length > 0 || !!s.tables?.some((t) => t.rows.length) || !!s.parts?.length)).map(widen);
}

/** Every text a reader sees in the sections — titles, labels, values, table cells (tests: no code, nothing dropped). */
export function sectionTexts(sections: Section[]): string[] {
  const out: string[] = [];
  const walk = (es: Entry[]) =>
    es.forEach((e) => {
      out.push(e.label, ...e.lines);
      if (e.children) walk(e.children);
    });
  for (const s of sections) {
    out.push(s.title, ...(s.paragraphs ?? []));
    walk(s.entries);
    for (const t of s.tables ?? []) {
      if (t.caption) out.push(t.caption);
      out.push(...t.columns.map((c) => c.label));
      for (const r of [...t.rows, ...(t.foot ?? [])]) for (const c of r) out.push(c.text, ...(c.notes ?? []));
    }
    if (s.parts) out.push(...sectionTexts(s.parts));
  }
  return out;
}
