/**
 * Asynchronous invoice verification shared by online and batch sessions
 * (faktury/weryfikacja-faktury.md, sesja-interaktywna.md, sesja-wsadowa.md, faktury/numer-ksef.md).
 * Codes: 430 file verification (size/hash), 435 decryption, 450 XML/XSD/semantics, 410 permissions,
 * 415 attachment, 440 duplicate. Which check gives which code is partly "observed" (ksef-protocol.md §7.3).
 */
import { randomBytes } from 'node:crypto';
import type { Element as XElement } from '@xmldom/xmldom';
import { validateFa3Xml } from '@/lib/fa3/validate';
import { parseXml } from './auth';
import type { Emu } from './core';
import { aesCbcDecrypt, sha256b64 } from './crypto';
import { apiDate } from './http';
import { isValidNip, makeKsefNumber, warsawYmd } from './ksef-number';
import { contextLimits } from './limits';
import type { InvoiceMeta, InvoiceRec, SessionRec, Status } from './state';

export const INV = {
  accepted: { code: 100, description: 'Faktura przyjęta do dalszego przetwarzania' },
  processing: { code: 150, description: 'Trwa przetwarzanie' },
  ok: { code: 200, description: 'Sukces' },
  sessionError: { code: 405, description: 'Przetwarzanie anulowane z powodu błędu sesji' },
  permissions: (d: string[]): Status => ({ code: 410, description: 'Nieprawidłowy zakres uprawnień', details: d }),
  attachment: (d: string[]): Status => ({ code: 415, description: 'Brak możliwości wysyłania faktury z załącznikiem', details: d }),
  file: (d: string[]): Status => ({ code: 430, description: 'Błąd weryfikacji pliku faktury', details: d }),
  decrypt: (d: string[]): Status => ({ code: 435, description: 'Błąd odszyfrowania pliku', details: d }),
  duplicate: (d: string[], ext: Record<string, string | null>): Status => ({ code: 440, description: 'Duplikat faktury', details: d, extensions: ext }),
  semantic: (d: string[]): Status => ({ code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury', details: d }),
};

const FA3_NS = 'http://crd.gov.pl/wzor/2025/06/25/13775/';

function childEl(el: XElement | undefined, local: string): XElement | undefined {
  if (!el) return undefined;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as XElement).localName === local) return n as XElement;
  return undefined;
}
const text = (el: XElement | undefined) => (el?.textContent ?? '').trim();
function childrenEl(el: XElement | undefined, local: string): XElement[] {
  const out: XElement[] = [];
  if (!el) return out;
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as XElement).localName === local) out.push(n as XElement);
  return out;
}

/** Business data the emulator needs from a (schema-valid) FA(3) document. */
export function extractMeta(xml: string): InvoiceMeta & { formCode: { systemCode: string; schemaVersion: string; value: string } } {
  const doc = parseXml(xml)!;
  const root = doc.documentElement as XElement;
  const nag = childEl(root, 'Naglowek');
  const kf = childEl(nag, 'KodFormularza');
  const p1 = childEl(root, 'Podmiot1');
  const p2 = childEl(root, 'Podmiot2');
  const fa = childEl(root, 'Fa');
  const id2 = childEl(p2, 'DaneIdentyfikacyjne');
  let buyer: InvoiceMeta['buyer'] = { type: 'None', name: text(childEl(id2, 'Nazwa')) || undefined };
  if (childEl(id2, 'NIP')) buyer = { type: 'Nip', value: text(childEl(id2, 'NIP')), name: buyer.name };
  else if (childEl(id2, 'NrVatUE')) buyer = { type: 'VatUe', value: `${text(childEl(id2, 'KodUE'))}${text(childEl(id2, 'NrVatUE'))}`, name: buyer.name };
  else if (childEl(id2, 'NrID')) buyer = { type: 'Other', value: `${text(childEl(id2, 'KodKraju'))}${text(childEl(id2, 'NrID'))}`, name: buyer.name };
  const sum = (names: string[]) => names.reduce((s, n) => s + (Number(text(childEl(fa, n))) || 0), 0);
  const net = sum(['P_13_1', 'P_13_2', 'P_13_3', 'P_13_4', 'P_13_5', 'P_13_6_1', 'P_13_6_2', 'P_13_6_3', 'P_13_7', 'P_13_8', 'P_13_9', 'P_13_10', 'P_13_11']);
  const vat = sum(['P_14_1', 'P_14_2', 'P_14_3', 'P_14_4', 'P_14_5']);
  const third = childrenEl(root, 'Podmiot3').map((p) => {
    const id = childEl(p, 'DaneIdentyfikacyjne');
    const nip = text(childEl(id, 'NIP'));
    return { type: nip ? 'Nip' : 'None', value: nip || undefined, name: text(childEl(id, 'Nazwa')) || undefined, role: Number(text(childEl(p, 'Rola'))) || 0 };
  });
  const up = childEl(root, 'PodmiotUpowazniony');
  const adn = childEl(fa, 'Adnotacje');
  return {
    formCode: { systemCode: kf?.getAttribute('kodSystemowy') ?? '', schemaVersion: kf?.getAttribute('wersjaSchemy') ?? '', value: text(kf) },
    sellerNip: text(childEl(childEl(p1, 'DaneIdentyfikacyjne'), 'NIP')),
    sellerName: text(childEl(childEl(p1, 'DaneIdentyfikacyjne'), 'Nazwa')) || undefined,
    buyer,
    thirdSubjects: third,
    authorizedSubject: up
      ? { nip: text(childEl(childEl(up, 'DaneIdentyfikacyjne'), 'NIP')), name: text(childEl(childEl(up, 'DaneIdentyfikacyjne'), 'Nazwa')) || undefined, role: Number(text(childEl(up, 'RolaPU'))) || 1 }
      : undefined,
    issueDate: text(childEl(fa, 'P_1')),
    invoiceNumber: text(childEl(fa, 'P_2')),
    kind: text(childEl(fa, 'RodzajFaktury')),
    currency: text(childEl(fa, 'KodWaluty')),
    netAmount: Math.round(net * 100) / 100,
    grossAmount: Number(text(childEl(fa, 'P_15'))) || 0,
    vatAmount: Math.round(vat * 100) / 100,
    hasAttachment: !!childEl(root, 'Zalacznik'),
    isSelfInvoicing: text(childEl(adn, 'P_17')) === '1',
  };
}

/** `X-KSeF-Feature` value switching on the NIP checks of production on TEST (API 2.8.0). */
export const SUBJECT_ID_VALIDATION = 'subject-identifier-validation';

/**
 * weryfikacja-faktury.md, „Walidacja numeru NIP” (production; on TEST with the feature): the NIP
 * checksum of Podmiot1, Podmiot2, every Podmiot3 and PodmiotUpowazniony, and of the NIP in a
 * Podmiot3 internal identifier (IDWew). One detail per wrong identifier (the wording is ours).
 */
export function subjectIdentifierErrors(xml: string): string[] {
  const root = parseXml(xml)!.documentElement as XElement;
  const nipOf = (el: XElement | undefined) => text(childEl(childEl(el, 'DaneIdentyfikacyjne'), 'NIP'));
  const errors: string[] = [];
  const check = (nip: string, where: string) => {
    if (nip && !isValidNip(nip)) errors.push(`Nieprawidłowy numer NIP ${nip} (${where}): błędna suma kontrolna.`);
  };
  check(nipOf(childEl(root, 'Podmiot1')), 'Podmiot1');
  check(nipOf(childEl(root, 'Podmiot2')), 'Podmiot2');
  childrenEl(root, 'Podmiot3').forEach((p, i) => {
    check(nipOf(p), `Podmiot3[${i + 1}]`);
    const idWew = text(childEl(childEl(p, 'DaneIdentyfikacyjne'), 'IDWew'));
    if (idWew && !isValidNip(idWew.slice(0, 10))) errors.push(`Nieprawidłowy identyfikator wewnętrzny ${idWew} (Podmiot3[${i + 1}]): błędna suma kontrolna NIP.`);
  });
  check(nipOf(childEl(root, 'PodmiotUpowazniony')), 'PodmiotUpowazniony');
  return errors;
}

const DISCOURAGED = /[\u007F-\u0084\u0086-\u009F\uFDD0-\uFDEF]/;

/**
 * Verify one decrypted-or-not invoice and set its final status. `plain` is the decrypted XML, or an
 * Error when decryption failed.
 */
export function verifyInvoice(em: Emu, session: SessionRec, inv: InvoiceRec, plain: Buffer | Error, declared?: { size: number; hash: string }): void {
  const fail = (s: Status) => {
    inv.status = s;
  };
  if (plain instanceof Error) return fail(INV.decrypt(['Plik niepoprawnie zaszyfrowany']));
  if (declared) {
    if (plain.length !== declared.size) return fail(INV.file([`Rozmiar przesłanego pliku faktury nie zgadza się z zadeklarowaną wartością: ${declared.size}.`]));
    if (sha256b64(plain) !== declared.hash) return fail(INV.file(['Skrót przesłanego pliku faktury nie zgadza się z zadeklarowaną wartością.']));
  }
  const limits = contextLimits(em, session.context.value)[session.type === 'Online' ? 'onlineSession' : 'batchSession'];
  if (plain.length > limits.maxInvoiceWithAttachmentSizeInMB * 1_000_000) return fail(INV.file([`Rozmiar faktury przekracza ${limits.maxInvoiceWithAttachmentSizeInMB} MB.`]));
  // weryfikacja-faktury.md: UTF-8 without BOM, prolog may declare only UTF-8, no processing instructions.
  if (plain[0] === 0xef && plain[1] === 0xbb && plain[2] === 0xbf) return fail(INV.semantic(['Plik faktury zawiera znacznik BOM.']));
  let xml: string;
  try {
    xml = new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return fail(INV.semantic(['Nieprawidłowe kodowanie znaków (wymagane UTF-8).']));
  }
  const decl = /^<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(xml);
  if (decl && !/^utf-?8$/i.test(decl[1]!)) return fail(INV.semantic([`Niedozwolone kodowanie w deklaracji XML: ${decl[1]}.`]));
  if (/<\?(?!xml[\s?])[^>]*\?>/i.test(xml.replace(/^<\?xml[^>]*\?>/i, ''))) return fail(INV.semantic(['Dokument zawiera instrukcje przetwarzania.']));
  if (DISCOURAGED.test(xml)) return fail(INV.semantic(['Dokument zawiera niedozwolone znaki Unicode.']));
  if (session.formCode.systemCode !== 'FA (3)') return fail(INV.semantic([`Emulator weryfikuje tylko FA (3); ${session.formCode.systemCode} nie jest obsługiwany.`]));
  const v = validateFa3Xml(plain);
  if (!v.valid) return fail(INV.semantic(v.errors.slice(0, 20).map((e) => `${e.path}${e.line ? ` (linia ${e.line})` : ''}: ${e.message}`)));
  const doc = parseXml(xml);
  if (!doc || (doc.documentElement as XElement).namespaceURI !== FA3_NS) return fail(INV.semantic(['Nieprawidłowy XML']));
  const meta = extractMeta(xml);
  inv.invoiceNumber = meta.invoiceNumber;
  const fc = session.formCode;
  if (meta.formCode.systemCode !== fc.systemCode || meta.formCode.schemaVersion !== fc.schemaVersion || meta.formCode.value !== fc.value)
    return fail(INV.semantic([`Kod formularza faktury (${meta.formCode.systemCode} ${meta.formCode.schemaVersion}) nie zgadza się z kodem formularza sesji.`]));
  // P_1 may not be later than the acceptance date (weryfikacja-faktury.md; code not documented → 450).
  const today = warsawYmd(new Date());
  if (meta.issueDate.replace(/-/g, '') > today) return fail(INV.semantic([`Data wystawienia faktury (P_1 = ${meta.issueDate}) jest późniejsza niż data przyjęcia.`]));
  if (session.subjectIdentifierValidation) {
    const wrong = subjectIdentifierErrors(xml);
    if (wrong.length) return fail(INV.semantic(wrong));
  }
  // Permissions at validation time (uprawnienia.md): seller = context, or an authorization from the seller.
  const ctx = session.context;
  if (meta.sellerNip !== ctx.value) {
    const authorized = em.s.grants.some((g) => g.kind === 'authorization' && g.context.value === meta.sellerNip && g.subject.value === ctx.value);
    if (!authorized) return fail(INV.permissions([`Podmiot ${ctx.value} nie ma uprawnień do wystawienia faktury w imieniu sprzedawcy ${meta.sellerNip}.`]));
  }
  const current = em.permissionsOf(ctx, session.subject);
  const tokenAuth = em.s.authOps[session.authRef];
  const fromToken = tokenAuth?.ksefTokenRef ? (em.s.tokens[tokenAuth.ksefTokenRef]?.requestedPermissions ?? []) : undefined;
  const canWrite = ['InvoiceWrite', 'PefInvoiceWrite', 'EnforcementOperations'].some((p) => current.includes(p) && (!fromToken || fromToken.includes(p)));
  if (!canWrite) return fail(INV.permissions(['Brak uprawnienia InvoiceWrite w kontekście.']));
  if (meta.hasAttachment) {
    const technicalCorrection = !!inv.hashOfCorrectedInvoice;
    if (session.type === 'Online' && !technicalCorrection) return fail(INV.attachment(['Faktura z załącznikiem może być wysłana wyłącznie w sesji wsadowej.']));
    if (!em.s.attachmentsAllowed[meta.sellerNip]?.allowed) return fail(INV.attachment(['Brak zgody na wystawianie faktur z załącznikiem.']));
  } else if (plain.length > limits.maxInvoiceSizeInMB * 1_000_000) return fail(INV.file([`Rozmiar faktury przekracza ${limits.maxInvoiceSizeInMB} MB.`]));
  // Duplicate: Podmiot1/NIP + RodzajFaktury + P_2 (weryfikacja-faktury.md).
  const dupKey = `${meta.sellerNip}|${meta.kind}|${meta.invoiceNumber}`;
  const origRef = em.s.dupIndex[dupKey];
  const orig = origRef ? em.s.invoices[origRef] : undefined;
  if (orig && orig.referenceNumber !== inv.referenceNumber)
    return fail(
      INV.duplicate([`Duplikat faktury. Faktura o numerze KSeF: ${orig.ksefNumber} została już prawidłowo przesłana do systemu w sesji: ${orig.sessionRef}`], {
        originalSessionReferenceNumber: orig.sessionRef,
        originalKsefNumber: orig.ksefNumber ?? null,
      }),
    );
  // Accepted: number it.
  const now = new Date();
  inv.meta = meta;
  inv.xmlB64 = plain.toString('base64');
  let ksef = makeKsefNumber(meta.sellerNip, now);
  while (em.s.ksefIndex[ksef]) ksef = makeKsefNumber(meta.sellerNip, now);
  inv.ksefNumber = ksef;
  inv.acquisitionDate = apiDate(now);
  // Automatic offline classification (offline/automatyczne-okreslanie-trybu-offline.md).
  inv.invoicingMode = inv.offlineMode || meta.issueDate.replace(/-/g, '') < warsawYmd(new Date(inv.invoicingDate)) ? 'Offline' : 'Online';
  inv.upoToken = randomBytes(18).toString('base64url');
  inv.status = { ...INV.ok };
  em.s.ksefIndex[ksef] = inv.referenceNumber;
  em.s.dupIndex[dupKey] = inv.referenceNumber;
  // permanentStorageDate comes later, asynchronously (open-api.json); until then download → 21165.
  em.later(() => {
    inv.permanentStorageDate = apiDate();
  });
}

export function decryptInvoice(session: SessionRec, encrypted: Buffer): Buffer | Error {
  try {
    if (!session.keyB64) return new Error('no key');
    return aesCbcDecrypt(Buffer.from(session.keyB64, 'base64'), Buffer.from(session.ivB64, 'base64'), encrypted);
  } catch (e) {
    return e as Error;
  }
}
