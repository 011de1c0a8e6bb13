/**
 * The typed invoice model (zod 4). English names; the FA(3) element each field maps to is in the
 * comment. Money and quantities are decimal STRINGS ("1234.56"), never JS numbers.
 *
 * Anything the schema allows but the model does not type is kept as raw XML subtrees in `extra`
 * (per container, keyed by element name) so that parse → build never drops content.
 */
import { z } from 'zod';

// ---- raw XML (content the model does not type) -----------------------------------------------

export interface XmlNode {
  name: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: XmlNode[];
}
export const xmlNodeSchema: z.ZodType<XmlNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    attrs: z.record(z.string(), z.string()).optional(),
    text: z.string().optional(),
    children: z.array(xmlNodeSchema).optional(),
  }),
);
/** Element name → its occurrences, re-emitted by the builder at the element's place in the schema order. */
export const extraSchema = z.record(z.string(), z.array(xmlNodeSchema));
export type Extra = z.infer<typeof extraSchema>;

// ---- scalars ---------------------------------------------------------------------------------

/** Signed decimal with up to 2 fraction digits (TKwotowy). */
export const amount = z.string().regex(/^-?(0|[1-9]\d{0,15})(\.\d{1,2})?$/, 'kwota: liczba z maks. 2 miejscami po przecinku');
/** Quantity / exchange rate (TIlosci, up to 6 fraction digits). */
export const quantity = z.string().regex(/^-?(0|[1-9]\d{0,15})(\.\d{1,6})?$/, 'ilość: liczba z maks. 6 miejscami po przecinku');
/** Unit price (TKwotowy2, up to 8 fraction digits). */
export const unitPrice = z.string().regex(/^-?(0|[1-9]\d{0,13})(\.\d{1,8})?$/, 'cena: liczba z maks. 8 miejscami po przecinku');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'data w formacie RRRR-MM-DD');
export const text = z.string().min(1);

export const VAT_RATES = ['23', '22', '8', '7', '5', '4', '3', '0 KR', '0 WDT', '0 EX', 'zw', 'oo', 'np I', 'np II'] as const;
export const vatRateSchema = z.enum(VAT_RATES);
export type VatRate = z.infer<typeof vatRateSchema>;

export const INVOICE_KINDS = ['VAT', 'KOR', 'ZAL', 'ROZ', 'UPR', 'KOR_ZAL', 'KOR_ROZ'] as const;
export const invoiceKindSchema = z.enum(INVOICE_KINDS);
export type InvoiceKind = z.infer<typeof invoiceKindSchema>;

// ---- parties ---------------------------------------------------------------------------------

export const addressSchema = z.object({
  country: z.string().regex(/^[A-Z]{2}$/), // KodKraju
  line1: text, // AdresL1
  line2: text.optional(), // AdresL2
  gln: text.optional(), // GLN
});
export type Address = z.infer<typeof addressSchema>;

export const contactSchema = z.object({ email: text.optional(), phone: text.optional() }); // DaneKontaktowe
export type Contact = z.infer<typeof contactSchema>;

/** DaneIdentyfikacyjne of Podmiot2/Podmiot3: exactly one identification variant. */
export const partyIdSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('nip'), nip: z.string() }), // NIP: Polish company or person
  z.object({ type: z.literal('internal'), internalId: z.string() }), // IDWew (Podmiot3 only)
  z.object({ type: z.literal('eu'), countryCode: z.string(), vatNumber: z.string() }), // KodUE + NrVatUE
  z.object({ type: z.literal('foreign'), countryCode: z.string().optional(), taxId: z.string() }), // KodKraju? + NrID
  z.object({ type: z.literal('none') }), // BrakID: consumer / no tax id
]);
export type PartyId = z.infer<typeof partyIdSchema>;

export const sellerSchema = z.object({
  taxPrefix: z.string().optional(), // PrefiksPodatnika
  eori: z.string().optional(), // NrEORI
  nip: z.string(), // DaneIdentyfikacyjne/NIP
  name: text, // DaneIdentyfikacyjne/Nazwa
  address: addressSchema, // Adres
  correspondenceAddress: addressSchema.optional(), // AdresKoresp
  contacts: z.array(contactSchema).max(3).optional(), // DaneKontaktowe
  taxpayerStatus: z.enum(['1', '2', '3', '4']).optional(), // StatusInfoPodatnika
  extra: extraSchema.optional(),
});
export type Seller = z.infer<typeof sellerSchema>;

export const buyerSchema = z.object({
  eori: z.string().optional(),
  id: partyIdSchema,
  name: text.optional(),
  address: addressSchema.optional(),
  correspondenceAddress: addressSchema.optional(),
  contacts: z.array(contactSchema).max(3).optional(),
  customerNumber: text.optional(), // NrKlienta
  buyerId: text.optional(), // IDNabywcy
  jst: z.boolean(), // JST: 1 = subordinate unit of a local government (JST) is the buyer
  gv: z.boolean(), // GV: 1 = member of a VAT group
  extra: extraSchema.optional(),
});
export type Buyer = z.infer<typeof buyerSchema>;

export const thirdPartySchema = z.object({
  buyerId: text.optional(), // IDNabywcy
  eori: z.string().optional(),
  id: partyIdSchema,
  name: text.optional(),
  address: addressSchema.optional(),
  correspondenceAddress: addressSchema.optional(),
  contacts: z.array(contactSchema).max(3).optional(),
  /** Rola (1…11) or, for any other role, RolaInna=1 with its description (OpisRoli). */
  role: z.union([z.object({ code: z.string() }), z.object({ other: text })]),
  share: z.string().optional(), // Udzial
  customerNumber: text.optional(), // NrKlienta
  extra: extraSchema.optional(),
});
export type ThirdParty = z.infer<typeof thirdPartySchema>;

// ---- lines -----------------------------------------------------------------------------------

export const lineSchema = z.object({
  no: z.string(), // NrWierszaFa
  uuid: text.optional(), // UU_ID
  date: isoDate.optional(), // P_6A
  name: text.optional(), // P_7
  index: text.optional(), // Indeks
  gtin: text.optional(), // GTIN
  pkwiu: text.optional(), // PKWiU
  cn: text.optional(), // CN
  unit: text.optional(), // P_8A
  quantity: quantity.optional(), // P_8B
  unitNetPrice: unitPrice.optional(), // P_9A
  unitGrossPrice: unitPrice.optional(), // P_9B
  discount: unitPrice.optional(), // P_10
  net: amount.optional(), // P_11
  gross: amount.optional(), // P_11A
  vat: amount.optional(), // P_11Vat
  vatRate: vatRateSchema.optional(), // P_12
  annex15: z.boolean().optional(), // P_12_Zal_15: goods/services from annex 15 of the VAT act (MPP)
  gtu: z.string().optional(), // GTU
  procedure: z.string().optional(), // Procedura
  exchangeRate: quantity.optional(), // KursWaluty, only when it differs from the invoice's rate
  before: z.boolean().optional(), // StanPrzed: the line shows the state before correction
  extra: extraSchema.optional(),
});
export type Line = z.infer<typeof lineSchema>;

// ---- totals (Fa/P_13_x, P_14_x, P_14_xW, P_15) --------------------------------------------------

/** Keys are the FA(3) field suffixes: '1' (23/22%), '2' (8/7%), '3' (5%), '4' (taxi 4/3%), '5' (OSS),
 * '6_1' (0% domestic), '6_2' (0% WDT), '6_3' (0% export), '7' (zw), '8' (np I), '9' (np II), '10' (oo), '11' (margin). */
export const totalsSchema = z.object({
  net: z.record(z.string(), amount), // P_13_x
  vat: z.record(z.string(), amount), // P_14_x
  vatPln: z.record(z.string(), amount), // P_14_xW (foreign currency only)
  gross: amount, // P_15
});
export type Totals = z.infer<typeof totalsSchema>;

// ---- annotations -----------------------------------------------------------------------------

export const annotationsSchema = z.object({
  cashMethod: z.boolean(), // P_16 metoda kasowa
  selfBilling: z.boolean(), // P_17 samofakturowanie
  reverseCharge: z.boolean(), // P_18 odwrotne obciążenie
  splitPayment: z.boolean(), // P_18A mechanizm podzielonej płatności
  /** Zwolnienie: P_19=1 with the legal basis: A = ustawa, B = dyrektywa 2006/112/WE, C = inna podstawa. */
  exemption: z.object({ basis: z.enum(['A', 'B', 'C']), text }).optional(),
  /** NoweSrodkiTransportu / PMarzy when not the "none" variant (P_22N / P_PMarzyN): kept raw. */
  newTransport: xmlNodeSchema.optional(),
  margin: xmlNodeSchema.optional(),
  simplifiedTriangular: z.boolean(), // P_23
});
export type Annotations = z.infer<typeof annotationsSchema>;

// ---- corrections, advances, payment ----------------------------------------------------------

export const correctedInvoiceSchema = z.object({
  issueDate: isoDate, // DataWystFaKorygowanej
  number: text, // NrFaKorygowanej
  ksefNumber: text.optional(), // NrKSeFFaKorygowanej (absent → NrKSeFN: issued outside KSeF)
});
export const correctionSchema = z.object({
  reason: text.optional(), // PrzyczynaKorekty
  type: z.enum(['1', '2', '3']).optional(), // TypKorekty
  invoices: z.array(correctedInvoiceSchema).min(1), // DaneFaKorygowanej
  period: text.optional(), // OkresFaKorygowanej
  correctedNumber: text.optional(), // NrFaKorygowany
});
export type Correction = z.infer<typeof correctionSchema>;

export const advanceInvoiceSchema = z.object({
  number: text.optional(), // NrFaZaliczkowej (outside KSeF)
  ksefNumber: text.optional(), // NrKSeFFaZaliczkowej
});

export const bankAccountSchema = z.object({
  number: text, // NrRB
  swift: text.optional(), // SWIFT
  bankName: text.optional(), // NazwaBanku
  description: text.optional(), // OpisRachunku
  extra: extraSchema.optional(),
});

export const paymentSchema = z.object({
  paid: z.boolean().optional(), // Zaplacono
  paidDate: isoDate.optional(), // DataZaplaty
  dueDates: z.array(z.object({ date: isoDate.optional(), extra: extraSchema.optional() })).optional(), // TerminPlatnosci
  method: z.enum(['1', '2', '3', '4', '5', '6', '7']).optional(), // FormaPlatnosci (6 = przelew)
  methodOther: text.optional(), // PlatnoscInna=1 + OpisPlatnosci
  bankAccounts: z.array(bankAccountSchema).optional(), // RachunekBankowy
  extra: extraSchema.optional(),
});
export type Payment = z.infer<typeof paymentSchema>;

export const noteSchema = z.object({ line: z.string().optional(), key: text, value: text }); // DodatkowyOpis

// ---- the invoice -----------------------------------------------------------------------------

export const invoiceSchema = z.object({
  createdAt: z.string(), // Naglowek/DataWytworzeniaFa (from input, never the clock: deterministic bytes)
  systemInfo: text.optional(), // Naglowek/SystemInfo
  seller: sellerSchema, // Podmiot1
  buyer: buyerSchema, // Podmiot2
  thirdParties: z.array(thirdPartySchema).max(100).optional(), // Podmiot3
  currency: z.string().regex(/^[A-Z]{3}$/), // KodWaluty
  issueDate: isoDate, // P_1
  issuePlace: text.optional(), // P_1M
  number: text, // P_2
  deliveryNotes: z.array(text).optional(), // WZ
  saleDate: isoDate.optional(), // P_6
  salePeriod: z.object({ from: isoDate, to: isoDate }).optional(), // OkresFa/P_6_Od, P_6_Do
  totals: totalsSchema,
  /** NBP exchange rate (PLN per unit) for a foreign-currency invoice: written to each line's KursWaluty
   * (KursWalutyZ for an advance invoice without lines). */
  exchangeRate: quantity.optional(),
  annotations: annotationsSchema,
  kind: invoiceKindSchema, // RodzajFaktury
  correction: correctionSchema.optional(),
  notes: z.array(noteSchema).optional(), // DodatkowyOpis
  advanceInvoices: z.array(advanceInvoiceSchema).optional(), // FakturaZaliczkowa (ROZ)
  lines: z.array(lineSchema).max(10000), // FaWiersz
  payment: paymentSchema.optional(), // Platnosc
  /** Unmodelled content of Fa (Rozliczenie, WarunkiTransakcji, Zamowienie, P_15ZK, …) and of the root
   * (PodmiotUpowazniony, Stopka, Zalacznik). */
  faExtra: extraSchema.optional(),
  extra: extraSchema.optional(),
});
export type Invoice = z.infer<typeof invoiceSchema>;
