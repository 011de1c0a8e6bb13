/**
 * Rows written before reasons became codes hold Polish sentences. The migration status_reason_codes
 * turns the known ones into codes with their parameters; any other text stays and is shown as it is.
 * Its UPDATEs are run again here over rows carrying the old sentences (they touch only such rows).
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { renderMessage, translator } from '@/lib/i18n';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';

const dir = path.resolve(import.meta.dirname, '../../../prisma/migrations');
const migration = fs.readdirSync(dir).find((d) => d.endsWith('_status_reason_codes'))!;
const sql = fs.readFileSync(path.join(dir, migration, 'migration.sql'), 'utf8');
// As the migrator runs it: split at every semicolon. Only the data conversions are run again.
const updates = sql
  .split(';')
  .map((s) => s.replace(/^--.*$/gm, '').trim())
  .filter((s) => s.startsWith('UPDATE'));

const LEGACY: { text: string; code: string; params?: Record<string, unknown>; en: RegExp }[] = [
  {
    text: 'Czeka na uprawnienia: nadaj w KSeF naszemu NIP uprawnienie „Wystawianie faktur” (InvoiceWrite) — faktura zostanie wysłana automatycznie (Ustawienia → KSeF).',
    code: 'HELD_MISSING_INVOICE_WRITE',
    en: /^Waiting for permission: in KSeF, grant our NIP/,
  },
  {
    text: 'Certyfikat KSeF firmy wygasł 24.11.2026 — wgraj nowy (Ustawienia → Certyfikat KSeF) albo wróć do uprawnień nadanych naszej firmie. Faktura czeka i zostanie wysłana automatycznie.',
    code: 'HELD_CERTIFICATE_EXPIRED',
    params: { expiredOn: { date: '2026-11-24' } },
    en: /expired on 2026-11-24 — upload a new one/,
  },
  {
    text: 'KSeF odrzucił certyfikat dostawcy usługi. Pracujemy nad tym; faktura czeka i zostanie wysłana automatycznie.',
    code: 'HELD_PROVIDER_CERTIFICATE_REJECTED',
    en: /^KSeF rejected the service provider’s certificate\./,
  },
  {
    text: 'KSeF ma już inną fakturę tej firmy o numerze FV/7/11/2026 (numer KSeF 5265877635-20261124-0100001AF629-AF), przesłaną spoza naszej aplikacji — tej faktury KSeF nie przyjął. Sprawdź w KSeF, czym jest tamten dokument; tę fakturę anuluj i wystaw ponownie pod nowym numerem (np. w innej serii).',
    code: 'REJECTED_FOREIGN_DUPLICATE',
    params: { number: 'FV/7/11/2026', ksefNumber: '5265877635-20261124-0100001AF629-AF' },
    en: /numbered FV\/7\/11\/2026 \(KSeF number 5265877635-20261124-0100001AF629-AF\)/,
  },
  {
    text: "KSeF odrzucił fakturę (kod 450: Błąd weryfikacji semantyki dokumentu faktury): Element 'P_2' is missing; Element 'P_6' (x) is missing",
    code: 'KSEF_INVOICE_REJECTED_DETAILS',
    params: { code: 450, details: "Błąd weryfikacji semantyki dokumentu faktury; Element 'P_2' is missing; Element 'P_6' (x) is missing" },
    en: /^KSeF rejected the invoice \(code 450\): Błąd weryfikacji/,
  },
  { text: 'KSeF odrzucił fakturę (kod 430).', code: 'KSEF_INVOICE_REJECTED_CODE', params: { code: 430 }, en: /^KSeF rejected the invoice \(code 430\)\.$/ },
  {
    text: 'KSeF odrzucił fakturę: nieprawidłowy zakres uprawnień (sprzedawca nie odpowiada kontekstowi lub cofnięto uprawnienia).',
    code: 'KSEF_INVOICE_PERMISSION_SCOPE',
    en: /wrong permission scope/,
  },
  { text: 'KSeF odrzucił żądanie.', code: 'KSEF_BAD_REQUEST', en: /^KSeF refused the request\.$/ },
];
const UNKNOWN = 'Tekst, którego żadna wersja nie zapisała w tej postaci.';

let actor: Awaited<ReturnType<typeof createIssuingTenant>>['actor'];
const ids = new Map<string, string>();

beforeAll(async () => {
  const t = await createIssuingTenant();
  actor = t.actor;
  for (const { text } of [...LEGACY, { text: UNKNOWN }]) {
    const id = await issueNewInvoice(actor, t.buyerId);
    // As an older version left it: the sentence in statusReason, no parameters.
    await rawDb().invoice.update({ where: { id }, data: { status: 'REJECTED', statusReason: text, statusParams: {} } });
    ids.set(text, id);
  }
  expect(updates.length).toBeGreaterThanOrEqual(5);
  for (const u of updates) await rawDb().$executeRawUnsafe(u);
});

describe('migration status_reason_codes', () => {
  for (const l of LEGACY) {
    it(`${l.code}: the old sentence becomes its code${l.params ? ' and parameters' : ''}, rendered in Polish as before and in English`, async () => {
      const row = await rawDb().invoice.findUniqueOrThrow({ where: { id: ids.get(l.text)! } });
      expect([row.statusReason, row.statusParams]).toEqual([l.code, l.params ?? {}]);
      const { statusReason } = await getInvoice(actor, row.id);
      expect(renderMessage(translator('pl'), statusReason!)).toBe(
        l.text.replace('(kod 450: Błąd weryfikacji semantyki dokumentu faktury):', '(kod 450): Błąd weryfikacji semantyki dokumentu faktury;'),
      );
      expect(renderMessage(translator('en'), statusReason!)).toMatch(l.en);
    });
  }

  it('unknown legacy text stays as it is and is shown verbatim in either language', async () => {
    const row = await rawDb().invoice.findUniqueOrThrow({ where: { id: ids.get(UNKNOWN)! } });
    expect(row.statusReason).toBe(UNKNOWN);
    const { statusReason } = await getInvoice(actor, row.id);
    expect(renderMessage(translator('en'), statusReason!)).toBe(UNKNOWN);
    expect(renderMessage(translator('pl'), statusReason!)).toBe(UNKNOWN);
  });
});
