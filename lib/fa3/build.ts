/**
 * Model → FA(3) XML (xmlbuilder2). Deterministic: the same model gives the same bytes (the header
 * timestamp DataWytworzeniaFa comes from `invoice.createdAt`, never from the clock; element order is
 * the XSD order; raw `extra` content is re-inserted at its schema position).
 * The builder does not check business rules or the XSD: use `issueFa3` (index.ts) for that.
 */
import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import type { Address, Buyer, Contact, Invoice, Line, PartyId, Payment, Seller, ThirdParty, XmlNode } from './model';
import { BUCKET_ORDER, PLN_VAT_BUCKETS } from './totals';
import { FA3_NAMESPACE } from './validate';
import { Emitter, group, leaf } from './xml-tree';

function address(name: string, a: Address | undefined): XmlNode | undefined {
  if (!a) return undefined;
  return group(name, [leaf('KodKraju', a.country), leaf('AdresL1', a.line1), a.line2 !== undefined && leaf('AdresL2', a.line2), a.gln !== undefined && leaf('GLN', a.gln)]);
}

function contacts(cs: Contact[] | undefined): XmlNode[] {
  return (cs ?? []).map((c) => group('DaneKontaktowe', [c.email !== undefined && leaf('Email', c.email), c.phone !== undefined && leaf('Telefon', c.phone)]));
}

function partyId(id: PartyId, name: string | undefined): XmlNode {
  const ids: XmlNode[] = [];
  switch (id.type) {
    case 'nip':
      ids.push(leaf('NIP', id.nip));
      break;
    case 'internal':
      ids.push(leaf('IDWew', id.internalId));
      break;
    case 'eu':
      ids.push(leaf('KodUE', id.countryCode), leaf('NrVatUE', id.vatNumber));
      break;
    case 'foreign':
      if (id.countryCode !== undefined) ids.push(leaf('KodKraju', id.countryCode));
      ids.push(leaf('NrID', id.taxId));
      break;
    case 'none':
      ids.push(leaf('BrakID', '1'));
      break;
  }
  return group('DaneIdentyfikacyjne', [...ids, name !== undefined && leaf('Nazwa', name)]);
}

function seller(s: Seller): XmlNode {
  return new Emitter('Podmiot1')
    .text('PrefiksPodatnika', s.taxPrefix)
    .text('NrEORI', s.eori)
    .node(group('DaneIdentyfikacyjne', [leaf('NIP', s.nip), leaf('Nazwa', s.name)]))
    .node(address('Adres', s.address))
    .node(address('AdresKoresp', s.correspondenceAddress))
    .nodes(contacts(s.contacts))
    .text('StatusInfoPodatnika', s.taxpayerStatus)
    .finish('Podmiot1', s.extra);
}

function buyer(b: Buyer): XmlNode {
  return new Emitter('Podmiot2')
    .text('NrEORI', b.eori)
    .node(partyId(b.id, b.name))
    .node(address('Adres', b.address))
    .node(address('AdresKoresp', b.correspondenceAddress))
    .nodes(contacts(b.contacts))
    .text('NrKlienta', b.customerNumber)
    .text('IDNabywcy', b.buyerId)
    .text('JST', b.jst ? '1' : '2')
    .text('GV', b.gv ? '1' : '2')
    .finish('Podmiot2', b.extra);
}

function thirdParty(p: ThirdParty): XmlNode {
  const e = new Emitter('Podmiot3')
    .text('IDNabywcy', p.buyerId)
    .text('NrEORI', p.eori)
    .node(partyId(p.id, p.name))
    .node(address('Adres', p.address))
    .node(address('AdresKoresp', p.correspondenceAddress))
    .nodes(contacts(p.contacts));
  if ('code' in p.role) e.text('Rola', p.role.code);
  else e.text('RolaInna', '1').text('OpisRoli', p.role.other);
  return e.text('Udzial', p.share).text('NrKlienta', p.customerNumber).finish('Podmiot3', p.extra);
}

function line(l: Line, rate: string | undefined): XmlNode {
  return new Emitter('FaWiersz')
    .text('NrWierszaFa', l.no)
    .text('UU_ID', l.uuid)
    .text('P_6A', l.date)
    .text('P_7', l.name)
    .text('Indeks', l.index)
    .text('GTIN', l.gtin)
    .text('PKWiU', l.pkwiu)
    .text('CN', l.cn)
    .text('P_8A', l.unit)
    .text('P_8B', l.quantity)
    .text('P_9A', l.unitNetPrice)
    .text('P_9B', l.unitGrossPrice)
    .text('P_10', l.discount)
    .text('P_11', l.net)
    .text('P_11A', l.gross)
    .text('P_11Vat', l.vat)
    .text('P_12', l.vatRate)
    .flag('P_12_Zal_15', l.annex15)
    .text('GTU', l.gtu)
    .text('Procedura', l.procedure)
    .text('KursWaluty', l.exchangeRate ?? rate)
    .flag('StanPrzed', l.before)
    .finish('FaWiersz', l.extra);
}

function payment(p: Payment | undefined): XmlNode | undefined {
  if (!p) return undefined;
  const e = new Emitter('Platnosc');
  if (p.paid !== undefined) e.text('Zaplacono', p.paid ? '1' : undefined);
  e.text('DataZaplaty', p.paidDate);
  for (const d of p.dueDates ?? []) e.node(new Emitter('TerminPlatnosci').text('Termin', d.date).finish('TerminPlatnosci', d.extra));
  e.text('FormaPlatnosci', p.method);
  if (p.methodOther !== undefined) e.text('PlatnoscInna', '1').text('OpisPlatnosci', p.methodOther);
  for (const b of p.bankAccounts ?? []) {
    e.node(new Emitter('RachunekBankowy').text('NrRB', b.number).text('SWIFT', b.swift).text('NazwaBanku', b.bankName).text('OpisRachunku', b.description).finish('RachunekBankowy', b.extra));
  }
  return e.finish('Platnosc', p.extra);
}

function annotations(inv: Invoice): XmlNode {
  const a = inv.annotations;
  const yn = (b: boolean) => (b ? '1' : '2');
  const exemption = a.exemption ? group('Zwolnienie', [leaf('P_19', '1'), leaf(`P_19${a.exemption.basis}`, a.exemption.text)]) : group('Zwolnienie', [leaf('P_19N', '1')]);
  return group('Adnotacje', [
    leaf('P_16', yn(a.cashMethod)),
    leaf('P_17', yn(a.selfBilling)),
    leaf('P_18', yn(a.reverseCharge)),
    leaf('P_18A', yn(a.splitPayment)),
    exemption,
    a.newTransport ?? group('NoweSrodkiTransportu', [leaf('P_22N', '1')]),
    leaf('P_23', yn(a.simplifiedTriangular)),
    a.margin ?? group('PMarzy', [leaf('P_PMarzyN', '1')]),
  ]);
}

function fa(inv: Invoice): XmlNode {
  const isAdvance = inv.kind === 'ZAL' || inv.kind === 'KOR_ZAL';
  const e = new Emitter('Fa').text('KodWaluty', inv.currency).text('P_1', inv.issueDate).text('P_1M', inv.issuePlace).text('P_2', inv.number);
  for (const wz of inv.deliveryNotes ?? []) e.text('WZ', wz);
  e.text('P_6', inv.saleDate);
  if (inv.salePeriod) e.node(group('OkresFa', [leaf('P_6_Od', inv.salePeriod.from), leaf('P_6_Do', inv.salePeriod.to)]));
  const t = inv.totals;
  for (const b of BUCKET_ORDER) {
    e.text(`P_13_${b}`, t.net[b]);
    e.text(`P_14_${b}`, t.vat[b]);
    if ((PLN_VAT_BUCKETS as readonly string[]).includes(b)) e.text(`P_14_${b}W`, t.vatPln[b]);
  }
  e.text('P_15', t.gross);
  if (isAdvance) e.text('KursWalutyZ', inv.exchangeRate);
  e.node(annotations(inv)).text('RodzajFaktury', inv.kind);
  const c = inv.correction;
  if (c) {
    e.text('PrzyczynaKorekty', c.reason).text('TypKorekty', c.type);
    for (const d of c.invoices) {
      e.node(
        group('DaneFaKorygowanej', [
          leaf('DataWystFaKorygowanej', d.issueDate),
          leaf('NrFaKorygowanej', d.number),
          ...(d.ksefNumber !== undefined ? [leaf('NrKSeF', '1'), leaf('NrKSeFFaKorygowanej', d.ksefNumber)] : [leaf('NrKSeFN', '1')]),
        ]),
      );
    }
    e.text('OkresFaKorygowanej', c.period).text('NrFaKorygowany', c.correctedNumber);
  }
  for (const n of inv.notes ?? []) {
    e.node(group('DodatkowyOpis', [n.line !== undefined && leaf('NrWiersza', n.line), leaf('Klucz', n.key), leaf('Wartosc', n.value)]));
  }
  for (const a of inv.advanceInvoices ?? []) {
    e.node(group('FakturaZaliczkowa', a.ksefNumber !== undefined ? [leaf('NrKSeFFaZaliczkowej', a.ksefNumber)] : [leaf('NrKSeFZN', '1'), leaf('NrFaZaliczkowej', a.number ?? '')]));
  }
  const lineRate = isAdvance ? undefined : inv.exchangeRate;
  e.nodes(inv.lines.map((l) => line(l, lineRate)));
  e.node(payment(inv.payment));
  return e.finish('Fa', inv.faExtra);
}

/** The full document tree (root element `Faktura`). */
export function buildFa3Tree(inv: Invoice): XmlNode {
  const header = group('Naglowek', [
    { name: 'KodFormularza', attrs: { kodSystemowy: 'FA (3)', wersjaSchemy: '1-0E' }, text: 'FA' },
    leaf('WariantFormularza', '3'),
    leaf('DataWytworzeniaFa', inv.createdAt),
    inv.systemInfo !== undefined && leaf('SystemInfo', inv.systemInfo),
  ]);
  return new Emitter('Faktura')
    .node(header)
    .node(seller(inv.seller))
    .node(buyer(inv.buyer))
    .nodes((inv.thirdParties ?? []).map(thirdParty))
    .node(fa(inv))
    .finish('Faktura', inv.extra);
}

function emit(parent: XMLBuilder, n: XmlNode): void {
  const el = parent.ele(n.name, n.attrs);
  if (n.children) for (const c of n.children) emit(el, c);
  else if (n.text !== undefined && n.text !== '') el.txt(n.text);
}

export interface BuildOptions {
  /** Indent the output (default true). Either way the bytes are deterministic. */
  pretty?: boolean;
}

/** Model → FA(3) XML string (UTF-8 declaration, official namespace). */
export function buildFa3(inv: Invoice, opts: BuildOptions = {}): string {
  const tree = buildFa3Tree(inv);
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(FA3_NAMESPACE, 'Faktura');
  for (const c of tree.children ?? []) emit(root, c);
  return doc.end({ prettyPrint: opts.pretty ?? true, indent: '  ' });
}
