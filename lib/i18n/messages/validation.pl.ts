/**
 * Field errors of the invoice form and of the other forms' limits (spread into `validation` in pl.ts).
 * Each message says what is allowed: the limit, the decimals, the date range; dates Polish style.
 * The FA(3) limits quoted here are those of lib/invoices/form.ts (FA3_LIMITS, from the official XSD).
 */
export const validationPl = {
  /** `validation.maxLength.N`: lib/server/validation.ts maps every too-long text with one of these limits here. */
  maxLength: {
    20: 'Najwyżej 20 znaków.',
    50: 'Najwyżej 50 znaków.',
    200: 'Najwyżej 200 znaków.',
    254: 'Najwyżej 254 znaki.',
    256: 'Najwyżej 256 znaków.',
    500: 'Najwyżej 500 znaków.',
    512: 'Najwyżej 512 znaków.',
    3500: 'Najwyżej 3500 znaków.',
  },
  quantityFormat: 'Podaj ilość liczbą, np. 2 albo 1,5.',
  quantityDigits: 'Ilość może mieć najwyżej 16 cyfr przed przecinkiem.',
  quantityDecimals: 'Ilość może mieć najwyżej 6 cyfr po przecinku, np. 1,123456.',
  unitPriceFormat: 'Podaj cenę liczbą, np. 1234,56.',
  unitPriceDigits: 'Cena może mieć najwyżej 14 cyfr przed przecinkiem (do 99 999 999 999 999,99999999).',
  unitPriceDecimals: 'Cena może mieć najwyżej 8 cyfr po przecinku.',
  discountFormat: 'Podaj rabat kwotą, np. 50 albo 12,50.',
  discountDigits: 'Rabat może mieć najwyżej 14 cyfr przed przecinkiem.',
  discountDecimals: 'Rabat może mieć najwyżej 8 cyfr po przecinku.',
  exchangeRateFormat: 'Podaj kurs liczbą, np. 4,2512.',
  exchangeRateDigits: 'Kurs może mieć najwyżej 16 cyfr przed przecinkiem.',
  exchangeRateDecimals: 'Kurs może mieć najwyżej 6 cyfr po przecinku.',
  exchangeRatePositive: 'Kurs waluty musi być większy od zera.',
  priceRequired: 'Podaj cenę.',
  lineValueTooLarge: 'Wartość pozycji (ilość × cena) może mieć najwyżej 16 cyfr przed przecinkiem — tyle przyjmuje KSeF.',
  totalTooLarge: 'Suma faktury może mieć najwyżej 16 cyfr przed przecinkiem — tyle przyjmuje KSeF. Podziel sprzedaż na kilka faktur.',
  negativeQuantity: 'Na zwykłej fakturze ilość nie może być ujemna. Żeby zmniejszyć wystawioną fakturę, wystaw do niej fakturę korygującą (KOR).',
  negativePrice: 'Na zwykłej fakturze cena nie może być ujemna. Żeby obniżyć kwotę wystawionej faktury, wystaw do niej fakturę korygującą (KOR).',
  negativeDiscount: 'Rabat nie może być ujemny — dopłatę wlicz w cenę.',
  discountTooLarge:
    'Rabat jest większy niż wartość pozycji (ilość × cena), a na zwykłej fakturze wartość nie może być ujemna. Żeby zmniejszyć wystawioną fakturę, wystaw do niej fakturę korygującą (KOR).',
  issueDateRange: 'Data wystawienia musi być między 01.01.2006 a 01.01.2050 — tylko takie daty przyjmuje KSeF.',
  saleDateRange: 'Data sprzedaży musi być między 01.01.2006 a 01.01.2050 — tylko takie daty przyjmuje KSeF.',
  dueDateRange: 'Termin płatności musi być między 01.07.2016 a 01.01.2050 — tylko takie daty przyjmuje KSeF.',
  dueDateBeforeIssue: 'Termin płatności nie może być wcześniejszy niż data wystawienia.',
  currencyUnknown: 'Nieznany kod waluty — wybierz walutę z listy (kod ISO 4217, np. EUR).',
  controlCharacters: 'Tekst zawiera niewidoczne znaki sterujące (np. wklejone z innego programu) — usuń je.',
  /** An FA(3) XSD failure not caught by the form (lib/server/validation.ts): never libxml2's own text. */
  fa3: {
    field: 'KSeF nie przyjmie tej wartości (schemat FA(3)) — sprawdź ją.',
    lines: 'KSeF nie przyjmie pozycji faktury: pole „{element}” ma niedozwoloną wartość (schemat FA(3)).',
    element: 'KSeF nie przyjmie faktury: pole „{element}” ma niedozwoloną wartość (schemat FA(3)). Sprawdź je; jeśli to dane nabywcy lub Twojej firmy, popraw je w kontrahentach albo w ustawieniach.',
    elementTooLong: 'KSeF nie przyjmie faktury: pole „{element}” może mieć najwyżej {max} znaków (schemat FA(3)).',
    document: 'KSeF nie przyjmie tej faktury (schemat FA(3)). Sprawdź dane faktury, nabywcy i firmy; jeśli błąd się powtarza, skontaktuj się z nami.',
  },
};
