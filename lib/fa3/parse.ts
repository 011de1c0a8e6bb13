/**
 * FA(3) XML → model (fast-xml-parser). Tolerant of everything the XSD allows: what the model types is
 * mapped, everything else is kept verbatim in `extra` / `faExtra` and re-emitted by the builder.
 * Values are kept as the exact strings of the document (no number parsing), so nothing is reformatted.
 * The parser does not validate: call validateFa3Xml first for untrusted input.
 */
import { XMLParser } from 'fast-xml-parser';
import type { Address, Annotations, Buyer, Contact, Correction, Invoice, Line, PartyId, Payment, Seller, ThirdParty, VatRate, XmlNode } from './model';
import { BUCKET_ORDER, PLN_VAT_BUCKETS } from './totals';
import { Reader } from './xml-tree';

export class Fa3ParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Fa3ParseError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  // Numeric character references (&#60; &#x41;) are XML, and a received invoice may use them; this
  // option is what decodes them. (HTML's named entities it also knows cannot occur: they are not
  // declared in FA(3), so such a document is not well-formed and never passes validation.)
  htmlEntities: true,
});

type FxpNode = Record<string, unknown>;

function toNode(o: FxpNode): XmlNode | undefined {
  const name = Object.keys(o).find((k) => k !== ':@');
  if (!name || name === '#text' || name.startsWith('?') || name === '#comment') return undefined;
  const node: XmlNode = { name };
  const attrs = o[':@'] as Record<string, string> | undefined;
  if (attrs) {
    const kept = Object.fromEntries(Object.entries(attrs).filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:') && k !== 'schemaLocation'));
    if (Object.keys(kept).length) node.attrs = kept;
  }
  const kids = (o[name] as FxpNode[]) ?? [];
  const texts = kids.filter((k) => '#text' in k).map((k) => String(k['#text']));
  const elems = kids.map(toNode).filter((n): n is XmlNode => !!n);
  if (elems.length) node.children = elems;
  else node.text = texts.join('');
  return node;
}

/** XML text or bytes → generic tree of the root element. */
export function parseXmlTree(xml: string | Uint8Array): XmlNode {
  const src = typeof xml === 'string' ? xml : new TextDecoder().decode(xml);
  let raw: FxpNode[];
  try {
    raw = parser.parse(src) as FxpNode[];
  } catch (e) {
    throw new Fa3ParseError(`Niepoprawny XML: ${(e as Error).message}`);
  }
  const root = raw.map(toNode).find((n): n is XmlNode => !!n);
  if (!root) throw new Fa3ParseError('Brak elementu głównego');
  return root;
}

function address(n: XmlNode | undefined): Address | undefined {
  if (!n) return undefined;
  const r = new Reader(n);
  return opt({ country: r.text('KodKraju') ?? '', line1: r.text('AdresL1') ?? '', line2: r.text('AdresL2'), gln: r.text('GLN') });
}

function contacts(ns: XmlNode[]): Contact[] | undefined {
  if (!ns.length) return undefined;
  return ns.map((n) => {
    const r = new Reader(n);
    return opt({ email: r.text('Email'), phone: r.text('Telefon') });
  });
}

/** Drops undefined properties so that parse(build(m)) deep-equals m. */
function opt<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

function partyId(n: XmlNode | undefined): { id: PartyId; name?: string } {
  const r = new Reader(n);
  const name = r.text('Nazwa');
  let id: PartyId;
  if (r.has('NIP')) id = { type: 'nip', nip: r.text('NIP')! };
  else if (r.has('IDWew')) id = { type: 'internal', internalId: r.text('IDWew')! };
  else if (r.has('NrVatUE')) id = { type: 'eu', countryCode: r.text('KodUE') ?? '', vatNumber: r.text('NrVatUE')! };
  else if (r.has('NrID')) id = opt({ type: 'foreign' as const, countryCode: r.text('KodKraju'), taxId: r.text('NrID')! });
  else id = { type: 'none' };
  return opt({ id, name });
}

function seller(n: XmlNode | undefined): Seller {
  if (!n) throw new Fa3ParseError('Brak Podmiot1');
  const r = new Reader(n);
  const di = new Reader(r.one('DaneIdentyfikacyjne'));
  return opt({
    taxPrefix: r.text('PrefiksPodatnika'),
    eori: r.text('NrEORI'),
    nip: di.text('NIP') ?? '',
    name: di.text('Nazwa') ?? '',
    address: address(r.one('Adres'))!,
    correspondenceAddress: address(r.one('AdresKoresp')),
    contacts: contacts(r.all('DaneKontaktowe')),
    taxpayerStatus: r.text('StatusInfoPodatnika') as Seller['taxpayerStatus'],
    extra: r.rest(),
  });
}

function buyer(n: XmlNode | undefined): Buyer {
  if (!n) throw new Fa3ParseError('Brak Podmiot2');
  const r = new Reader(n);
  const { id, name } = partyId(r.one('DaneIdentyfikacyjne'));
  return opt({
    eori: r.text('NrEORI'),
    id,
    name,
    address: address(r.one('Adres')),
    correspondenceAddress: address(r.one('AdresKoresp')),
    contacts: contacts(r.all('DaneKontaktowe')),
    customerNumber: r.text('NrKlienta'),
    buyerId: r.text('IDNabywcy'),
    jst: r.text('JST') === '1',
    gv: r.text('GV') === '1',
    extra: r.rest(),
  });
}

function thirdParty(n: XmlNode): ThirdParty {
  const r = new Reader(n);
  const { id, name } = partyId(r.one('DaneIdentyfikacyjne'));
  r.all('RolaInna'); // implied by OpisRoli
  const role: ThirdParty['role'] = r.has('Rola') ? { code: r.text('Rola')! } : { other: r.text('OpisRoli') ?? '' };
  return opt({
    buyerId: r.text('IDNabywcy'),
    eori: r.text('NrEORI'),
    id,
    name,
    address: address(r.one('Adres')),
    correspondenceAddress: address(r.one('AdresKoresp')),
    contacts: contacts(r.all('DaneKontaktowe')),
    role,
    share: r.text('Udzial'),
    customerNumber: r.text('NrKlienta'),
    extra: r.rest(),
  });
}

function annotations(n: XmlNode | undefined): Annotations {
  const r = new Reader(n);
  const zw = new Reader(r.one('Zwolnienie'));
  let exemption: Annotations['exemption'];
  for (const b of ['A', 'B', 'C'] as const) {
    const t = zw.text(`P_19${b}`);
    if (t !== undefined) exemption = { basis: b, text: t };
  }
  const nst = r.one('NoweSrodkiTransportu');
  const pm = r.one('PMarzy');
  return opt({
    cashMethod: r.text('P_16') === '1',
    selfBilling: r.text('P_17') === '1',
    reverseCharge: r.text('P_18') === '1',
    splitPayment: r.text('P_18A') === '1',
    exemption,
    newTransport: nst && new Reader(nst).text('P_22N') !== '1' ? nst : undefined,
    margin: pm && new Reader(pm).text('P_PMarzyN') !== '1' ? pm : undefined,
    simplifiedTriangular: r.text('P_23') === '1',
  });
}

function line(n: XmlNode): Line {
  const r = new Reader(n);
  const before = r.text('StanPrzed');
  return opt({
    no: r.text('NrWierszaFa') ?? '',
    uuid: r.text('UU_ID'),
    date: r.text('P_6A'),
    name: r.text('P_7'),
    index: r.text('Indeks'),
    gtin: r.text('GTIN'),
    pkwiu: r.text('PKWiU'),
    cn: r.text('CN'),
    unit: r.text('P_8A'),
    quantity: r.text('P_8B'),
    unitNetPrice: r.text('P_9A'),
    unitGrossPrice: r.text('P_9B'),
    discount: r.text('P_10'),
    net: r.text('P_11'),
    gross: r.text('P_11A'),
    vat: r.text('P_11Vat'),
    vatRate: r.text('P_12') as VatRate | undefined,
    annex15: r.text('P_12_Zal_15') === '1' ? true : undefined,
    gtu: r.text('GTU'),
    procedure: r.text('Procedura'),
    exchangeRate: r.text('KursWaluty'),
    before: before === '1' ? true : undefined,
    extra: r.rest(),
  });
}

function payment(n: XmlNode | undefined): Payment | undefined {
  if (!n) return undefined;
  const r = new Reader(n);
  const other = r.all('PlatnoscInna').length > 0; // implied by OpisPlatnosci
  const dueDates = r.all('TerminPlatnosci').map((t) => {
    const tr = new Reader(t);
    return opt({ date: tr.text('Termin'), extra: tr.rest() });
  });
  const bankAccounts = r.all('RachunekBankowy').map((b) => {
    const br = new Reader(b);
    return opt({ number: br.text('NrRB') ?? '', swift: br.text('SWIFT'), bankName: br.text('NazwaBanku'), description: br.text('OpisRachunku'), extra: br.rest() });
  });
  return opt({
    paid: r.has('Zaplacono') ? r.flag('Zaplacono') : undefined,
    paidDate: r.text('DataZaplaty'),
    dueDates: dueDates.length ? dueDates : undefined,
    method: r.text('FormaPlatnosci') as Payment['method'],
    methodOther: other ? r.text('OpisPlatnosci') : undefined,
    bankAccounts: bankAccounts.length ? bankAccounts : undefined,
    extra: r.rest(),
  });
}

function correction(r: Reader): Correction | undefined {
  const refs = r.all('DaneFaKorygowanej');
  if (!refs.length) return undefined;
  return opt({
    reason: r.text('PrzyczynaKorekty'),
    type: r.text('TypKorekty') as Correction['type'],
    invoices: refs.map((d) => {
      const dr = new Reader(d);
      dr.all('NrKSeF');
      dr.all('NrKSeFN');
      return opt({ issueDate: dr.text('DataWystFaKorygowanej') ?? '', number: dr.text('NrFaKorygowanej') ?? '', ksefNumber: dr.text('NrKSeFFaKorygowanej') });
    }),
    period: r.text('OkresFaKorygowanej'),
    correctedNumber: r.text('NrFaKorygowany'),
  });
}

/** Any XSD-valid FA(3) document → the invoice model. */
export function parseFa3(xml: string | Uint8Array): Invoice {
  const root = parseXmlTree(xml);
  if (root.name !== 'Faktura') throw new Fa3ParseError(`Oczekiwano elementu Faktura, jest ${root.name}`);
  const r = new Reader(root);
  const hdr = new Reader(r.one('Naglowek'));
  hdr.all('KodFormularza');
  hdr.all('WariantFormularza');
  const fa = new Reader(r.one('Fa'));
  const kind = fa.text('RodzajFaktury') as Invoice['kind'];
  const isAdvance = kind === 'ZAL' || kind === 'KOR_ZAL';

  const totals: Invoice['totals'] = { net: {}, vat: {}, vatPln: {}, gross: '' };
  for (const b of BUCKET_ORDER) {
    const n = fa.text(`P_13_${b}`);
    if (n !== undefined) totals.net[b] = n;
    const v = fa.text(`P_14_${b}`);
    if (v !== undefined) totals.vat[b] = v;
    if ((PLN_VAT_BUCKETS as readonly string[]).includes(b)) {
      const w = fa.text(`P_14_${b}W`);
      if (w !== undefined) totals.vatPln[b] = w;
    }
  }
  totals.gross = fa.text('P_15') ?? '';

  let lines = fa.all('FaWiersz').map(line);
  let exchangeRate: string | undefined;
  if (isAdvance) exchangeRate = fa.text('KursWalutyZ');
  else {
    // One NBP rate on every line is the invoice's rate (see model.exchangeRate).
    const rate = lines[0]?.exchangeRate;
    if (rate !== undefined && lines.every((l) => l.exchangeRate === rate)) {
      exchangeRate = rate;
      lines = lines.map(({ exchangeRate: _drop, ...l }) => l);
    }
  }
  const saleDate = fa.text('P_6');
  const okres = fa.one('OkresFa');
  const okresR = new Reader(okres);
  const wz = fa.all('WZ').map((n) => n.text ?? '');
  const notes = fa.all('DodatkowyOpis').map((n) => {
    const nr = new Reader(n);
    return opt({ line: nr.text('NrWiersza'), key: nr.text('Klucz') ?? '', value: nr.text('Wartosc') ?? '' });
  });
  const advanceInvoices = fa.all('FakturaZaliczkowa').map((n) => {
    const ar = new Reader(n);
    ar.all('NrKSeFZN');
    return opt({ number: ar.text('NrFaZaliczkowej'), ksefNumber: ar.text('NrKSeFFaZaliczkowej') });
  });
  const p3 = r.all('Podmiot3').map(thirdParty);

  const inv: Invoice = opt({
    createdAt: hdr.text('DataWytworzeniaFa') ?? '',
    systemInfo: hdr.text('SystemInfo'),
    seller: seller(r.one('Podmiot1')),
    buyer: buyer(r.one('Podmiot2')),
    thirdParties: p3.length ? p3 : undefined,
    currency: fa.text('KodWaluty') ?? '',
    issueDate: fa.text('P_1') ?? '',
    issuePlace: fa.text('P_1M'),
    number: fa.text('P_2') ?? '',
    deliveryNotes: wz.length ? wz : undefined,
    saleDate,
    salePeriod: okres ? { from: okresR.text('P_6_Od') ?? '', to: okresR.text('P_6_Do') ?? '' } : undefined,
    totals,
    exchangeRate,
    annotations: annotations(fa.one('Adnotacje')),
    kind,
    correction: correction(fa),
    notes: notes.length ? notes : undefined,
    advanceInvoices: advanceInvoices.length ? advanceInvoices : undefined,
    lines,
    payment: payment(fa.one('Platnosc')),
    faExtra: fa.rest(),
    extra: r.rest(),
  });
  return inv;
}
