/** Polish wording of FA(3) codes on the visualisation (texts after the schema's documentation). */
import type { InvoiceKind, VatRate } from '@/lib/fa3/model';

export const KIND_TITLE: Record<InvoiceKind, string> = {
  VAT: 'Faktura podstawowa',
  KOR: 'Faktura korygująca',
  ZAL: 'Faktura zaliczkowa',
  ROZ: 'Faktura rozliczeniowa',
  UPR: 'Faktura uproszczona',
  KOR_ZAL: 'Faktura korygująca fakturę zaliczkową',
  KOR_ROZ: 'Faktura korygująca fakturę rozliczeniową',
};

export const PAYMENT_METHOD: Record<string, string> = {
  '1': 'Gotówka',
  '2': 'Karta',
  '3': 'Bon',
  '4': 'Czek',
  '5': 'Kredyt',
  '6': 'Przelew',
  '7': 'Mobilna',
};

export const THIRD_PARTY_ROLE: Record<string, string> = {
  '1': 'Faktor',
  '2': 'Odbiorca',
  '3': 'Podmiot pierwotny',
  '4': 'Dodatkowy nabywca',
  '5': 'Wystawca faktury',
  '6': 'Dokonujący płatności',
  '7': 'Jednostka samorządu terytorialnego - wystawca',
  '8': 'Jednostka samorządu terytorialnego - odbiorca',
  '9': 'Członek grupy VAT - wystawca',
  '10': 'Członek grupy VAT - odbiorca',
  '11': 'Pracownik',
};

export const TAXPAYER_STATUS: Record<string, string> = {
  '1': 'Podatnik znajdujący się w stanie likwidacji',
  '2': 'Podatnik w trakcie postępowania restrukturyzacyjnego',
  '3': 'Podatnik znajdujący się w stanie upadłości',
  '4': 'Przedsiębiorstwo w spadku',
};

export const CORRECTION_TYPE: Record<string, string> = {
  '1': 'Korekta skutkująca w dacie ujęcia faktury pierwotnej',
  '2': 'Korekta skutkująca w dacie wystawienia faktury korygującej',
  '3': 'Korekta skutkująca w dacie innej',
};

/** P_19A / P_19B / P_19C: what the legal basis of an exemption is. */
export const EXEMPTION_BASIS: Record<'A' | 'B' | 'C', string> = {
  A: 'przepis ustawy albo aktu wydanego na podstawie ustawy',
  B: 'przepis dyrektywy 2006/112/WE',
  C: 'inna podstawa prawna',
};

/** P_12 of a line. */
export const LINE_RATE: Record<VatRate, string> = {
  '23': '23%',
  '22': '22%',
  '8': '8%',
  '7': '7%',
  '5': '5%',
  '4': '4%',
  '3': '3%',
  '0 KR': '0% (kraj)',
  '0 WDT': '0% (WDT)',
  '0 EX': '0% (eksport)',
  zw: 'zw',
  oo: 'oo',
  'np I': 'np I',
  'np II': 'np II',
};

/** Label of a P_13_x / P_14_x bucket when the lines do not tell which rate of it applies. */
export const BUCKET_LABEL: Record<string, string> = {
  '1': '23% lub 22%',
  '2': '8% lub 7%',
  '3': '5%',
  '4': '4% lub 3% (ryczałt taxi)',
  '5': 'OSS (procedura szczególna)',
  '6_1': '0% (kraj)',
  '6_2': '0% (WDT)',
  '6_3': '0% (eksport)',
  '7': 'zw',
  '8': 'np I (poza krajem, z wyłączeniem art. 100 ust. 1 pkt 4)',
  '9': 'np II (art. 100 ust. 1 pkt 4 ustawy)',
  '10': 'oo (odwrotne obciążenie)',
  '11': 'marża',
};

/** Titles of unmodelled FA(3) elements shown generically. */
export const EXTRA_TITLE: Record<string, string> = {
  Zamowienie: 'Zamówienie (wartość zamówienia lub umowy)',
  Rozliczenie: 'Rozliczenie',
  WarunkiTransakcji: 'Warunki transakcji',
  P_15ZK: 'Kwota należności przed korektą',
  KursWalutyZK: 'Kurs waluty przed korektą',
  KursWalutyZ: 'Kurs waluty (zaliczka)',
  ZaliczkaCzesciowa: 'Zaliczka częściowa',
  FP: 'Faktura, o której mowa w art. 109 ust. 3d ustawy',
  TP: 'Istniejące powiązania między nabywcą a dokonującym dostawy',
  ZwrotAkcyzy: 'Zwrot akcyzy',
  PodmiotUpowazniony: 'Podmiot upoważniony',
  Stopka: 'Stopka faktury',
  Zalacznik: 'Załącznik',
  Podmiot1K: 'Sprzedawca na fakturze korygowanej',
  Podmiot2K: 'Nabywca na fakturze korygowanej',
  OkresFaKorygowanej: 'Okres korekty',
};

/**
 * Names of the elements inside the unmodelled sections above (shown generically), so that a reader
 * sees what a value is rather than its FA(3) field code (texts after the schema's documentation).
 */
export const ELEMENT_LABEL: Record<string, string> = {
  // Zamowienie (an advance invoice's order)
  WartoscZamowienia: 'Wartość zamówienia lub umowy (z podatkiem)',
  ZamowienieWiersz: 'Pozycja zamówienia',
  NrWierszaZam: 'Lp.',
  UU_IDZ: 'Identyfikator pozycji',
  P_7Z: 'Nazwa towaru lub usługi',
  IndeksZ: 'Indeks',
  GTINZ: 'GTIN',
  PKWiUZ: 'PKWiU',
  CNZ: 'CN',
  PKOBZ: 'PKOB',
  P_8AZ: 'Jednostka miary',
  P_8BZ: 'Ilość',
  P_9AZ: 'Cena jednostkowa netto',
  P_11NettoZ: 'Wartość netto',
  P_11VatZ: 'Kwota VAT',
  P_12Z: 'Stawka podatku',
  P_12Z_XII: 'Stawka podatku (OSS)',
  P_12Z_Zal_15: 'Towar lub usługa z załącznika nr 15',
  GTUZ: 'Oznaczenie GTU',
  ProceduraZ: 'Procedura',
  KwotaAkcyzyZ: 'Kwota podatku akcyzowego',
  StanPrzedZ: 'Stan przed korektą',
  // Rozliczenie
  Obciazenia: 'Obciążenie',
  Odliczenia: 'Odliczenie',
  Kwota: 'Kwota',
  Powod: 'Powód',
  SumaObciazen: 'Suma obciążeń',
  SumaOdliczen: 'Suma odliczeń',
  DoZaplaty: 'Do zapłaty',
  DoRozliczenia: 'Do rozliczenia',
  // WarunkiTransakcji
  Umowy: 'Umowa',
  DataUmowy: 'Data umowy',
  NrUmowy: 'Numer umowy',
  Zamowienia: 'Zamówienie',
  DataZamowienia: 'Data zamówienia',
  NrZamowienia: 'Numer zamówienia',
  NrPartiiTowaru: 'Numer partii towaru',
  WarunkiDostawy: 'Warunki dostawy',
  KursUmowny: 'Kurs umowny',
  WalutaUmowna: 'Waluta umowna',
  Transport: 'Transport',
  RodzajTransportu: 'Rodzaj transportu',
  Przewoznik: 'Przewoźnik',
  NrZleceniaTransportu: 'Numer zlecenia transportu',
  OpisLadunku: 'Opis ładunku',
  JednostkaOpakowania: 'Jednostka opakowania',
  PodmiotPosredniczacy: 'Podmiot pośredniczący',
  // Stopka
  Informacje: 'Informacje',
  StopkaFaktury: 'Stopka faktury',
  Rejestry: 'Rejestry',
  PelnaNazwa: 'Pełna nazwa',
  KRS: 'KRS',
  REGON: 'REGON',
  BDO: 'BDO',
  // a few single values
  P_15ZK: 'Kwota należności przed korektą',
  KursWalutyZK: 'Kurs waluty przed korektą',
  KursWalutyZ: 'Kurs waluty',
};
