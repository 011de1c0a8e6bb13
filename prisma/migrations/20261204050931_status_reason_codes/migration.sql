-- AlterTable
ALTER TABLE "Invoice" ADD COLUMN     "statusParams" JSONB NOT NULL DEFAULT '{}';

-- Older versions stored Polish sentences in "statusReason". The known ones become their codes
-- (lib/invoices/status-reason.ts, lib/ksef/errors.ts), the parameters they carried go to
-- "statusParams", and any other text stays as it was: the page shows unknown text as it is.
-- The script is split at every semicolon, literals included, so none appears inside a statement:
-- chr(59) or a LIKE wildcard stands in for one.

-- Fixed sentences: exact text, one code each.
UPDATE "Invoice" AS i SET "statusReason" = m.code
FROM (VALUES
  ('Brak uprawnień w KSeF dla tego kontekstu (NIP). Poproś właściciela firmy o nadanie uprawnień do wystawiania/odczytu faktur.', 'KSEF_NO_PERMISSION'),
  ('Certyfikat został odrzucony przez KSeF (nieważny, wygasły, unieważniony lub niezaufany).', 'KSEF_CERTIFICATE_INVALID'),
  ('Uwierzytelnienie w KSeF nie powiodło się.', 'KSEF_AUTHENTICATION_FAILED'),
  ('Sesja KSeF wygasła lub została unieważniona. Należy uwierzytelnić się ponownie.', 'KSEF_TOKEN_EXPIRED'),
  ('KSeF odrzucił fakturę.', 'KSEF_INVOICE_REJECTED'),
  ('Ta faktura została już wcześniej przyjęta przez KSeF (duplikat).', 'KSEF_DUPLICATE_INVOICE'),
  ('Sesja wysyłki w KSeF została zamknięta lub wygasła.', 'KSEF_SESSION_EXPIRED'),
  ('Przekroczono limit zapytań do KSeF. Spróbuj ponownie za chwilę.', 'KSEF_RATE_LIMITED'),
  ('KSeF jest chwilowo niedostępny. Spróbuj ponownie później.', 'KSEF_UNAVAILABLE'),
  ('KSeF nie odpowiedział w wyznaczonym czasie.', 'KSEF_TIMEOUT'),
  ('Nie wiadomo, czy faktura dotarła do KSeF. Status zostanie sprawdzony przed ponowną wysyłką.', 'KSEF_SEND_AMBIGUOUS'),
  ('Nie znaleziono w KSeF.', 'KSEF_NOT_FOUND'),
  ('Dokument nie jest jeszcze dostępny w KSeF. Spróbuj ponownie później.', 'KSEF_NOT_READY'),
  ('KSeF odrzucił żądanie.', 'KSEF_BAD_REQUEST'),
  ('Błąd konfiguracji połączenia z KSeF.', 'KSEF_CONFIG'),
  ('Nieoczekiwana odpowiedź z KSeF.', 'KSEF_PROTOCOL'),
  ('KSeF odrzucił żądanie z tego adresu IP (polityka adresów IP sesji).', 'KSEF_IP_NOT_ALLOWED'),
  ('Brak przypisanych uprawnień w KSeF dla tego kontekstu (NIP). Klient musi nadać uprawnienia dostawcy.', 'KSEF_AUTH_NO_PERMISSIONS'),
  ('Uwierzytelnienie w KSeF zostało unieważnione.', 'KSEF_AUTH_REVOKED'),
  ('Nieprawidłowy token KSeF lub wyzwanie autoryzacyjne.', 'KSEF_AUTH_INVALID_TOKEN'),
  ('Uwierzytelnianie w tym kontekście jest zablokowane przez KSeF.', 'KSEF_AUTH_BLOCKED'),
  ('KSeF odrzucił fakturę: nieprawidłowy zakres uprawnień (sprzedawca nie odpowiada kontekstowi lub cofnięto uprawnienia).', 'KSEF_INVOICE_PERMISSION_SCOPE'),
  ('Przetwarzanie faktury anulowane z powodu błędu sesji.', 'KSEF_INVOICE_SESSION_ERROR'),
  ('Włączono tryb własnego certyfikatu, ale firma nie ma zapisanego certyfikatu — wgraj go (Ustawienia → Certyfikat KSeF). Faktura czeka i zostanie wysłana automatycznie.', 'HELD_CERTIFICATE_MISSING'),
  ('Czeka na potwierdzenie, że to konto reprezentuje firmę o tym NIP (Ustawienia → KSeF: kod weryfikacyjny w opisie uprawnienia). Faktura zostanie wysłana automatycznie po potwierdzeniu.', 'HELD_NIP_UNVERIFIED'),
  ('KSeF jest chwilowo niedostępny — faktura zostanie wysłana automatycznie, gdy połączenie wróci.', 'QUEUED_KSEF_UNREACHABLE'),
  ('KSeF odrzucił certyfikat firmy — sprawdź go i wgraj ponownie (Ustawienia → Certyfikat KSeF). Faktura czeka i zostanie wysłana automatycznie.', 'HELD_OWN_CERTIFICATE_REJECTED'),
  ('Czeka na uprawnienia: osoba z certyfikatu firmy nie ma w KSeF uprawnienia „Wystawianie faktur” (InvoiceWrite) w kontekście NIP firmy — faktura zostanie wysłana automatycznie po jego nadaniu.', 'HELD_OWN_MISSING_INVOICE_WRITE'),
  ('Czeka na uprawnienia: nadaj w KSeF naszemu NIP uprawnienie „Wystawianie faktur” (InvoiceWrite) — faktura zostanie wysłana automatycznie (Ustawienia → KSeF).', 'HELD_MISSING_INVOICE_WRITE'),
  ('Certyfikat KSeF firmy wygasł — wgraj nowy (Ustawienia → Certyfikat KSeF) albo wróć do uprawnień nadanych naszej firmie. Faktura czeka i zostanie wysłana automatycznie.', 'HELD_CERTIFICATE_EXPIRED_UNDATED'),
  ('Klucz prywatny nie pasuje do certyfikatu.', 'KSEF_KEY_MISMATCH'),
  ('Nie można odczytać klucza prywatnego (zły format lub hasło).', 'KSEF_KEY_UNREADABLE'),
  ('Nie można odczytać pliku PKCS#12 (zły format lub hasło).', 'KSEF_P12_UNREADABLE'),
  ('Nieprawidłowy format NIP.', 'KSEF_INVALID_NIP')
) AS m(old, code)
WHERE i."statusReason" = m.old;

-- Certificate expired on a date (written DD.MM.YYYY): HELD_CERTIFICATE_EXPIRED with the date.
UPDATE "Invoice" AS i SET
  "statusReason" = 'HELD_CERTIFICATE_EXPIRED',
  "statusParams" = jsonb_build_object('expiredOn', jsonb_build_object('date', x.m[3] || '-' || x.m[2] || '-' || x.m[1]))
FROM (
  SELECT "id", regexp_match("statusReason", '^Certyfikat KSeF firmy wygasł (\d\d)\.(\d\d)\.(\d{4}) — wgraj nowy \(Ustawienia → Certyfikat KSeF\) albo wróć do uprawnień nadanych naszej firmie\. Faktura czeka i zostanie wysłana automatycznie\.$') AS m
  FROM "Invoice" WHERE "statusReason" LIKE 'Certyfikat KSeF firmy wygasł %'
) AS x
WHERE i."id" = x."id" AND x.m IS NOT NULL;

-- The service provider's certificate rejected (its sentence has a semicolon: "_" matches it).
UPDATE "Invoice" SET "statusReason" = 'HELD_PROVIDER_CERTIFICATE_REJECTED'
WHERE "statusReason" LIKE 'KSeF odrzucił certyfikat dostawcy usługi. Pracujemy nad tym_ faktura czeka i zostanie wysłana automatycznie.';

-- A foreign document under our number: our number and the original's KSeF number.
UPDATE "Invoice" AS i SET
  "statusReason" = 'REJECTED_FOREIGN_DUPLICATE',
  "statusParams" = jsonb_build_object('number', x.m[1], 'ksefNumber', x.m[2])
FROM (
  SELECT "id", regexp_match("statusReason", '^KSeF ma już inną fakturę tej firmy o numerze (.+) \(numer KSeF ([0-9A-Za-z-]+)\), przesłaną spoza naszej aplikacji — tej faktury KSeF nie przyjął\. Sprawdź w KSeF, czym jest tamten dokument.*$') AS m
  FROM "Invoice" WHERE "statusReason" LIKE 'KSeF ma już inną fakturę tej firmy o numerze %'
) AS x
WHERE i."id" = x."id" AND x.m IS NOT NULL;

-- KSeF's rejection: "(kod N)." alone, or with its own words, "(kod N: description): details" with
-- either part optional. The description ends at the first ")" that closes it (non-greedy).
UPDATE "Invoice" AS i SET
  "statusReason" = CASE WHEN x.m[2] IS NULL AND x.m[3] IS NULL THEN 'KSEF_INVOICE_REJECTED_CODE' ELSE 'KSEF_INVOICE_REJECTED_DETAILS' END,
  "statusParams" = CASE WHEN x.m[2] IS NULL AND x.m[3] IS NULL THEN jsonb_build_object('code', x.m[1]::int)
    ELSE jsonb_build_object('code', x.m[1]::int, 'details', concat_ws(chr(59) || ' ', x.m[2], x.m[3])) END
FROM (
  SELECT "id", regexp_match("statusReason", '^KSeF odrzucił fakturę \(kod (\d+)(?:: (.*?))?\)(?:: (.*)|\.)$') AS m
  FROM "Invoice" WHERE "statusReason" LIKE 'KSeF odrzucił fakturę (kod %'
) AS x
WHERE i."id" = x."id" AND x.m IS NOT NULL;

-- A configuration error with the client's English detail appended: the code (the detail is in the logs).
UPDATE "Invoice" SET "statusReason" = 'KSEF_CONFIG' WHERE "statusReason" LIKE 'Błąd konfiguracji KSeF: %';
