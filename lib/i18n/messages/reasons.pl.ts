/**
 * Why an invoice waits or was rejected, and what a KSeF error means for the user. Stored as codes
 * (lib/invoices/status-reason.ts, KsefError.reason), rendered here; every code has its message
 * (the Record types fail the build when one is missing).
 */
import type { InvoiceReason } from '@/lib/invoices/status-reason';
import type { KsefReason } from '@/lib/ksef/errors';

const invoiceReasons: Record<InvoiceReason, string> = {
  HELD_MISSING_INVOICE_WRITE: 'Czeka na uprawnienia: nadaj w KSeF naszemu NIP uprawnienie „Wystawianie faktur” (InvoiceWrite) — faktura zostanie wysłana automatycznie (Ustawienia → KSeF).',
  HELD_OWN_MISSING_INVOICE_WRITE:
    'Czeka na uprawnienia: osoba z certyfikatu firmy nie ma w KSeF uprawnienia „Wystawianie faktur” (InvoiceWrite) w kontekście NIP firmy — faktura zostanie wysłana automatycznie po jego nadaniu.',
  HELD_NIP_UNVERIFIED:
    'Czeka na potwierdzenie, że to konto reprezentuje firmę o tym NIP (Ustawienia → KSeF: kod weryfikacyjny w opisie uprawnienia). Faktura zostanie wysłana automatycznie po potwierdzeniu.',
  HELD_CERTIFICATE_EXPIRED:
    'Certyfikat KSeF firmy wygasł {expiredOn} — wgraj nowy (Ustawienia → Certyfikat KSeF) albo wróć do uprawnień nadanych naszej firmie. Faktura czeka i zostanie wysłana automatycznie.',
  HELD_CERTIFICATE_EXPIRED_UNDATED:
    'Certyfikat KSeF firmy wygasł — wgraj nowy (Ustawienia → Certyfikat KSeF) albo wróć do uprawnień nadanych naszej firmie. Faktura czeka i zostanie wysłana automatycznie.',
  HELD_CERTIFICATE_MISSING: 'Włączono tryb własnego certyfikatu, ale firma nie ma zapisanego certyfikatu — wgraj go (Ustawienia → Certyfikat KSeF). Faktura czeka i zostanie wysłana automatycznie.',
  HELD_OWN_CERTIFICATE_REJECTED: 'KSeF odrzucił certyfikat firmy — sprawdź go i wgraj ponownie (Ustawienia → Certyfikat KSeF). Faktura czeka i zostanie wysłana automatycznie.',
  HELD_PROVIDER_CERTIFICATE_REJECTED: 'KSeF odrzucił certyfikat dostawcy usługi. Pracujemy nad tym; faktura czeka i zostanie wysłana automatycznie.',
  QUEUED_KSEF_UNREACHABLE: 'KSeF jest chwilowo niedostępny — faktura zostanie wysłana automatycznie, gdy połączenie wróci.',
  REJECTED_FOREIGN_DUPLICATE:
    'KSeF ma już inną fakturę tej firmy o numerze {number} (numer KSeF {ksefNumber}), przesłaną spoza naszej aplikacji — tej faktury KSeF nie przyjął. Sprawdź w KSeF, czym jest tamten dokument; tę fakturę anuluj i wystaw ponownie pod nowym numerem (np. w innej serii).',
};

const exportRefused = (what: string) => `Paczka eksportu z KSeF została odrzucona: ${what}. Nic z niej nie zapisano; spróbuj synchronizacji ponownie.`;

const ksefErrors: Record<KsefReason, string> = {
  KSEF_NO_PERMISSION: 'Brak uprawnień w KSeF dla tego kontekstu (NIP). Poproś właściciela firmy o nadanie uprawnień do wystawiania/odczytu faktur.',
  KSEF_CERTIFICATE_INVALID: 'Certyfikat został odrzucony przez KSeF (nieważny, wygasły, unieważniony lub niezaufany).',
  KSEF_AUTHENTICATION_FAILED: 'Uwierzytelnienie w KSeF nie powiodło się.',
  KSEF_TOKEN_EXPIRED: 'Sesja KSeF wygasła lub została unieważniona. Należy uwierzytelnić się ponownie.',
  KSEF_INVOICE_REJECTED: 'KSeF odrzucił fakturę.',
  KSEF_DUPLICATE_INVOICE: 'Ta faktura została już wcześniej przyjęta przez KSeF (duplikat).',
  KSEF_SESSION_EXPIRED: 'Sesja wysyłki w KSeF została zamknięta lub wygasła.',
  KSEF_RATE_LIMITED: 'Przekroczono limit zapytań do KSeF. Spróbuj ponownie za chwilę.',
  KSEF_UNAVAILABLE: 'KSeF jest chwilowo niedostępny. Spróbuj ponownie później.',
  KSEF_TIMEOUT: 'KSeF nie odpowiedział w wyznaczonym czasie.',
  KSEF_SEND_AMBIGUOUS: 'Nie wiadomo, czy faktura dotarła do KSeF. Status zostanie sprawdzony przed ponowną wysyłką.',
  KSEF_NOT_FOUND: 'Nie znaleziono w KSeF.',
  KSEF_NOT_READY: 'Dokument nie jest jeszcze dostępny w KSeF. Spróbuj ponownie później.',
  KSEF_BAD_REQUEST: 'KSeF odrzucił żądanie.',
  KSEF_CONFIG: 'Błąd konfiguracji połączenia z KSeF.',
  KSEF_PROTOCOL: 'Nieoczekiwana odpowiedź z KSeF.',
  KSEF_IP_NOT_ALLOWED: 'KSeF odrzucił żądanie z tego adresu IP (polityka adresów IP sesji).',
  KSEF_AUTH_NO_PERMISSIONS: 'Brak przypisanych uprawnień w KSeF dla tego kontekstu (NIP). Klient musi nadać uprawnienia dostawcy.',
  KSEF_AUTH_REVOKED: 'Uwierzytelnienie w KSeF zostało unieważnione.',
  KSEF_AUTH_INVALID_TOKEN: 'Nieprawidłowy token KSeF lub wyzwanie autoryzacyjne.',
  KSEF_AUTH_BLOCKED: 'Uwierzytelnianie w tym kontekście jest zablokowane przez KSeF.',
  KSEF_INVOICE_PERMISSION_SCOPE: 'KSeF odrzucił fakturę: nieprawidłowy zakres uprawnień (sprzedawca nie odpowiada kontekstowi lub cofnięto uprawnienia).',
  KSEF_INVOICE_SESSION_ERROR: 'Przetwarzanie faktury anulowane z powodu błędu sesji.',
  KSEF_INVOICE_REJECTED_CODE: 'KSeF odrzucił fakturę (kod {code}).',
  KSEF_INVOICE_REJECTED_DETAILS: 'KSeF odrzucił fakturę (kod {code}): {details}',
  KSEF_CIRCUIT_OPEN: 'KSeF nie odpowiada od {since} — ponowimy automatycznie.',
  KSEF_EXPORT_TOO_MANY_FILES: exportRefused('więcej niż {max} plików'),
  KSEF_EXPORT_CORRUPT_FILE: exportRefused('uszkodzony plik {file}'),
  KSEF_EXPORT_FILE_TOO_LARGE: exportRefused('plik {file} po rozpakowaniu przekracza {mb} MB'),
  KSEF_EXPORT_TOO_LARGE: exportRefused('po rozpakowaniu przekracza {mb} MB'),
  KSEF_EXPORT_NOT_ZIP: exportRefused('to nie jest poprawne archiwum ZIP'),
  KSEF_KEY_MISMATCH: 'Klucz prywatny nie pasuje do certyfikatu.',
  KSEF_KEY_UNREADABLE: 'Nie można odczytać klucza prywatnego (zły format lub hasło).',
  KSEF_P12_UNREADABLE: 'Nie można odczytać pliku PKCS#12 (zły format lub hasło).',
  KSEF_INVALID_NIP: 'Nieprawidłowy format NIP.',
};

export const reasonsPl = {
  invoiceReasons,
  ksefErrors,
  ksefErrorUnexpected: 'Nieoczekiwany błąd komunikacji z KSeF.',
};
