import 'server-only';
import type { Extra, Invoice, XmlNode } from '@/lib/fa3/model';

/**
 * A received FA(3) invoice as display sections, from the parsed model: every typed field, and every
 * untyped subtree the parser kept (`extra`, `faExtra`: Rozliczenie, WarunkiTransakcji, Zamowienie,
 * Stopka, Zalacznik, PodmiotUpowazniony, …) as a generic tree — nothing the seller wrote is dropped.
 * Pure: values are raw strings (the page formats them); labels are FA(3) element names, translated
 * by the page where a message exists.
 */
export type FieldKind = 'text' | 'money' | 'date' | 'bool' | 'nip';
export interface Field {
  name: string;
  value: string;
  kind?: FieldKind;
}
export interface Table {
  columns: string[];
  rows: { cells: (string | undefined)[]; kinds?: (FieldKind | undefined)[] }[];
}
export interface Section {
  id: string;
  title: string;
  fields: Field[];
  table?: Table;
  /** The lines table shows one page of rows: anyone can send us an invoice of 10,000 lines. */
  paging?: { page: number; pages: number; from: number; to: number; total: number };
  tree?: XmlNode[];
  children?: Section[];
}

const f = (name: string, value: string | undefined | null, kind?: FieldKind): Field[] => (value === undefined || value === null || value === '' ? [] : [{ name, value, kind }]);
const b = (name: string, value: boolean | undefined): Field[] => (value === undefined ? [] : [{ name, value: value ? '1' : '2', kind: 'bool' }]);

function extraNodes(extra: Extra | undefined): XmlNode[] {
  return extra ? Object.values(extra).flat() : [];
}

function address(prefix: string, a: { country?: string; line1?: string; line2?: string; gln?: string } | undefined): Field[] {
  if (!a) return [];
  return [...f(`${prefix}.KodKraju`, a.country), ...f(`${prefix}.AdresL1`, a.line1), ...f(`${prefix}.AdresL2`, a.line2), ...f(`${prefix}.GLN`, a.gln)];
}

function partyId(id: Invoice['buyer']['id']): Field[] {
  switch (id.type) {
    case 'nip':
      return f('NIP', id.nip, 'nip');
    case 'internal':
      return f('IDWew', id.internalId);
    case 'eu':
      return [...f('KodUE', id.countryCode), ...f('NrVatUE', id.vatNumber)];
    case 'foreign':
      return [...f('KodKraju', id.countryCode), ...f('NrID', id.taxId)];
    default:
      return f('BrakID', '1');
  }
}

function contacts(cs: { email?: string; phone?: string }[] | undefined): Field[] {
  return (cs ?? []).flatMap((c) => [...f('Email', c.email), ...f('Telefon', c.phone)]);
}

function party(id: string, title: string, p: Invoice['seller'] | Invoice['buyer'] | NonNullable<Invoice['thirdParties']>[number]): Section {
  const any = p as Record<string, unknown> & typeof p;
  const fields: Field[] = [
    ...f('PrefiksPodatnika', any.taxPrefix as string | undefined),
    ...f('NrEORI', p.eori),
    ...('nip' in p && typeof p.nip === 'string' ? f('NIP', p.nip, 'nip') : []),
    ...('id' in p && p.id ? partyId(p.id) : []),
    ...f('Nazwa', p.name),
    ...address('Adres', p.address),
    ...address('AdresKoresp', p.correspondenceAddress),
    ...contacts(p.contacts as { email?: string; phone?: string }[] | undefined),
    ...f('StatusInfoPodatnika', any.taxpayerStatus as string | undefined),
    ...f('NrKlienta', any.customerNumber as string | undefined),
    ...f('IDNabywcy', any.buyerId as string | undefined),
    ...('jst' in p ? b('JST', p.jst) : []),
    ...('gv' in p ? b('GV', p.gv) : []),
  ];
  if ('role' in p && p.role) fields.push(...('code' in p.role ? f('Rola', p.role.code) : [...f('RolaInna', '1'), ...f('OpisRoli', p.role.other)]));
  if ('share' in p) fields.push(...f('Udzial', p.share));
  return { id, title, fields, tree: extraNodes(p.extra) };
}

const LINE_COLUMNS = [
  'NrWierszaFa',
  'UU_ID',
  'P_6A',
  'P_7',
  'Indeks',
  'GTIN',
  'PKWiU',
  'CN',
  'P_8A',
  'P_8B',
  'P_9A',
  'P_9B',
  'P_10',
  'P_11',
  'P_11A',
  'P_11Vat',
  'P_12',
  'P_12_Zal_15',
  'GTU',
  'Procedura',
  'KursWaluty',
  'StanPrzed',
] as const;

/** Lines per page of a purchase invoice: a page stays small whatever the sender put in it. */
export const LINES_PER_PAGE = 100;

export function invoiceSections(inv: Invoice, opts: { linesPage?: number } = {}): Section[] {
  const sections: Section[] = [];
  sections.push({
    id: 'header',
    title: 'Naglowek',
    fields: [...f('DataWytworzeniaFa', inv.createdAt), ...f('SystemInfo', inv.systemInfo)],
    tree: extraNodes(inv.extra).filter((n) => !['PodmiotUpowazniony', 'Stopka', 'Zalacznik'].includes(n.name)),
  });
  sections.push(party('seller', 'Podmiot1', inv.seller));
  sections.push(party('buyer', 'Podmiot2', inv.buyer));
  (inv.thirdParties ?? []).forEach((p, i) => sections.push(party(`third-${i}`, 'Podmiot3', p)));
  for (const n of extraNodes(inv.extra).filter((x) => x.name === 'PodmiotUpowazniony')) sections.push({ id: 'authorized', title: 'PodmiotUpowazniony', fields: [], tree: n.children ?? [n] });

  sections.push({
    id: 'details',
    title: 'Fa',
    fields: [
      ...f('RodzajFaktury', inv.kind),
      ...f('KodWaluty', inv.currency),
      ...f('P_1', inv.issueDate, 'date'),
      ...f('P_1M', inv.issuePlace),
      ...f('P_2', inv.number),
      ...(inv.deliveryNotes ?? []).flatMap((w) => f('WZ', w)),
      ...f('P_6', inv.saleDate, 'date'),
      ...f('P_6_Od', inv.salePeriod?.from, 'date'),
      ...f('P_6_Do', inv.salePeriod?.to, 'date'),
      ...f('KursWaluty', inv.exchangeRate),
    ],
  });
  if (inv.correction) {
    const c = inv.correction;
    sections.push({
      id: 'correction',
      title: 'DaneFaKorygowanej',
      fields: [...f('PrzyczynaKorekty', c.reason), ...f('TypKorekty', c.type), ...f('OkresFaKorygowanej', c.period), ...f('NrFaKorygowany', c.correctedNumber)],
      table: {
        columns: ['DataWystFaKorygowanej', 'NrFaKorygowanej', 'NrKSeFFaKorygowanej'],
        rows: c.invoices.map((x) => ({ cells: [x.issueDate, x.number, x.ksefNumber ?? 'NrKSeFN'], kinds: ['date'] })),
      },
    });
  }
  if (inv.advanceInvoices?.length) {
    sections.push({
      id: 'advances',
      title: 'FakturaZaliczkowa',
      fields: [],
      table: { columns: ['NrFaZaliczkowej', 'NrKSeFFaZaliczkowej'], rows: inv.advanceInvoices.map((a) => ({ cells: [a.number, a.ksefNumber] })) },
    });
  }
  // Lines: only the columns some line uses (over all lines, so columns stay put between pages);
  // one page of rows, and the unmodelled content of those lines as a tree below.
  const total = inv.lines.length;
  const pages = Math.max(1, Math.ceil(total / LINES_PER_PAGE));
  const page = Math.min(Math.max(1, Math.trunc(opts.linesPage ?? 1) || 1), pages);
  const shown = inv.lines.slice((page - 1) * LINES_PER_PAGE, page * LINES_PER_PAGE);
  const lineCells = inv.lines.map((l) => [
    l.no,
    l.uuid,
    l.date,
    l.name,
    l.index,
    l.gtin,
    l.pkwiu,
    l.cn,
    l.unit,
    l.quantity,
    l.unitNetPrice,
    l.unitGrossPrice,
    l.discount,
    l.net,
    l.gross,
    l.vat,
    l.vatRate,
    l.annex15 === undefined ? undefined : l.annex15 ? '1' : undefined,
    l.gtu,
    l.procedure,
    l.exchangeRate,
    l.before ? '1' : undefined,
  ]);
  const LINE_KINDS: (FieldKind | undefined)[] = [
    undefined,
    undefined,
    'date',
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    undefined,
    'money',
    'money',
    'money',
    'money',
    'money',
    'money',
  ];
  const used = LINE_COLUMNS.map((_, i) => lineCells.some((c) => c[i] !== undefined));
  sections.push({
    id: 'lines',
    title: 'FaWiersz',
    fields: [],
    table: {
      columns: LINE_COLUMNS.filter((_, i) => used[i]),
      rows: lineCells.slice((page - 1) * LINES_PER_PAGE, page * LINES_PER_PAGE).map((c) => ({ cells: c.filter((_, i) => used[i]), kinds: LINE_KINDS.filter((_, i) => used[i]) })),
    },
    paging: { page, pages, from: total ? (page - 1) * LINES_PER_PAGE + 1 : 0, to: (page - 1) * LINES_PER_PAGE + shown.length, total },
    tree: shown.flatMap((l) => extraNodes(l.extra).map((n) => ({ ...n, name: `${n.name} (${l.no})` }))),
  });
  // Per-rate totals: P_13_x / P_14_x / P_14_xW by rate bucket, then P_15.
  const keys = [...new Set([...Object.keys(inv.totals.net), ...Object.keys(inv.totals.vat), ...Object.keys(inv.totals.vatPln)])];
  sections.push({
    id: 'totals',
    title: 'Podsumowanie',
    fields: f('P_15', inv.totals.gross, 'money'),
    table: {
      columns: ['bucket', 'P_13', 'P_14', 'P_14W'],
      rows: keys.map((k) => ({ cells: [k, inv.totals.net[k], inv.totals.vat[k], inv.totals.vatPln[k]], kinds: [undefined, 'money', 'money', 'money'] })),
    },
  });
  const a = inv.annotations;
  sections.push({
    id: 'annotations',
    title: 'Adnotacje',
    fields: [
      ...b('P_16', a.cashMethod),
      ...b('P_17', a.selfBilling),
      ...b('P_18', a.reverseCharge),
      ...b('P_18A', a.splitPayment),
      ...(a.exemption ? [...f('P_19', '1'), ...f(`P_19${a.exemption.basis}`, a.exemption.text)] : f('P_19N', '1')),
      ...b('P_23', a.simplifiedTriangular),
    ],
    tree: [a.newTransport, a.margin].filter((x): x is XmlNode => !!x),
  });
  if (inv.notes?.length) {
    sections.push({ id: 'notes', title: 'DodatkowyOpis', fields: [], table: { columns: ['NrWiersza', 'Klucz', 'Wartosc'], rows: inv.notes.map((n) => ({ cells: [n.line, n.key, n.value] })) } });
  }
  if (inv.payment) {
    const p = inv.payment;
    sections.push({
      id: 'payment',
      title: 'Platnosc',
      fields: [
        ...(p.paid === undefined ? [] : b('Zaplacono', p.paid)),
        ...f('DataZaplaty', p.paidDate, 'date'),
        ...(p.dueDates ?? []).flatMap((d) => f('Termin', d.date, 'date')),
        ...f('FormaPlatnosci', p.method),
        ...f('OpisPlatnosci', p.methodOther),
      ],
      table: p.bankAccounts?.length
        ? { columns: ['NrRB', 'SWIFT', 'NazwaBanku', 'OpisRachunku'], rows: p.bankAccounts.map((r) => ({ cells: [r.number, r.swift, r.bankName, r.description] })) }
        : undefined,
      tree: [...extraNodes(p.extra), ...(p.dueDates ?? []).flatMap((d) => extraNodes(d.extra)), ...(p.bankAccounts ?? []).flatMap((r) => extraNodes(r.extra))],
    });
  }
  // Everything else in Fa the model does not type (Rozliczenie, WarunkiTransakcji, Zamowienie, P_15ZK, …): one section each.
  for (const n of extraNodes(inv.faExtra)) sections.push({ id: `fa-${n.name}`, title: n.name, fields: [], tree: n.children?.length ? n.children : [n] });
  for (const n of extraNodes(inv.extra).filter((x) => x.name === 'Stopka' || x.name === 'Zalacznik'))
    sections.push({ id: n.name.toLowerCase(), title: n.name, fields: [], tree: n.children?.length ? n.children : [n] });
  return sections.filter((s) => s.fields.length || s.table?.rows.length || s.tree?.length || s.id === 'lines');
}

/** Every text value shown by the sections (tests: nothing the XML says is missing from the page). */
export function sectionValues(sections: Section[]): string[] {
  const out: string[] = [];
  const walk = (nodes: XmlNode[] | undefined) =>
    nodes?.forEach((n) => {
      if (n.text !== undefined) out.push(n.text);
      if (n.attrs) out.push(...Object.values(n.attrs));
      walk(n.children);
    });
  for (const s of sections) {
    out.push(...s.fields.map((x) => x.value));
    s.table?.rows.forEach((r) => r.cells.forEach((c) => c !== undefined && out.push(c)));
    walk(s.tree);
    if (s.children) out.push(...sectionValues(s.children));
  }
  return out;
}
