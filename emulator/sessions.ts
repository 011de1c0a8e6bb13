/**
 * Online sessions and everything read from sessions: open/send/close, session and invoice status,
 * failed invoices, session list, UPO per invoice and per session (sesja-interaktywna.md,
 * faktury/sesje/sesja-sprawdzenie-stanu-i-pobranie-upo.md, open-api.json).
 */
import type { Emu } from './core';
import { decodeB64Strict, rsaOaepDecrypt, sha256b64 } from './crypto';
import type { Ctx, Reply, Route } from './http';
import { apiDate, exception, hasFeature, json, noContent, notImplemented } from './http';
import { makeReferenceNumber } from './ksef-number';
import { contextLimits } from './limits';
import { INV, SUBJECT_ID_VALIDATION, decryptInvoice, verifyInvoice } from './processing';
import type { InvoiceRec, SessionRec, Status } from './state';
import { UPO_PAGE_SIZE, buildUpo } from './upo';
import type { AccessContext } from './tokens-jwt';

const H12 = 12 * 3600_000;
const URL_TTL_MS = 24 * 3600_000;

export const ONLINE = {
  open: { code: 100, description: 'Sesja interaktywna otwarta' },
  closed: { code: 170, description: 'Sesja interaktywna zamknięta' },
  ok: { code: 200, description: 'Sesja interaktywna przetworzona pomyślnie' },
};
export const BATCH = {
  open: { code: 100, description: 'Sesja wsadowa rozpoczęta' },
  processing: { code: 150, description: 'Trwa przetwarzanie' },
  ok: { code: 200, description: 'Sesja wsadowa przetworzona pomyślnie' },
};
export const SESSION_FAIL = {
  key: { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' } as Status,
  cancelled: (d: string): Status => ({ code: 440, description: 'Sesja anulowana', details: [d] }),
  noValid: { code: 445, description: 'Błąd weryfikacji, brak poprawnych faktur' } as Status,
};

/** Form codes of open-api.json / srodowiska.md; only FA (3) is verified by the emulator. */
const KNOWN_FORMS: Record<string, { schemaVersion: string; value: string; batch: boolean }> = {
  'FA (3)': { schemaVersion: '1-0E', value: 'FA', batch: true },
  'FA (2)': { schemaVersion: '1-0E', value: 'FA', batch: true },
  'PEF (3)': { schemaVersion: '2-1', value: 'PEF', batch: false },
  'PEF_KOR (3)': { schemaVersion: '2-1', value: 'PEF', batch: false },
  'FA_RR (1)': { schemaVersion: '1-1E', value: 'FA_RR', batch: true },
};

export function checkFormCode(fc: { systemCode: string; schemaVersion: string; value: string }, batch: boolean): void {
  const k = KNOWN_FORMS[fc.systemCode];
  if (!k || k.schemaVersion !== fc.schemaVersion || k.value !== fc.value || (batch && !k.batch)) throw exception(21405, 'Wskazany kod formularza nie jest wspierany.');
  if (fc.systemCode !== 'FA (3)') throw notImplemented(`sessions with form code ${fc.systemCode} (only FA (3) is verified)`);
}

/** Unwrap the session key (RSA-OAEP SHA-256); undefined when it is not a 32-byte key or the IV is not 16 bytes. */
export function unwrapKey(em: Emu, enc: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId?: string | null }): { keyB64?: string; ivB64: string } {
  const pk = enc.publicKeyId
    ? em.s.keys.find((k) => k.publicKeyId === enc.publicKeyId && !k.withdrawn && k.usage.includes('SymmetricKeyEncryption'))
    : em.s.keys.find((k) => !k.withdrawn && k.usage.includes('SymmetricKeyEncryption'));
  if (!pk) throw exception(21470);
  const iv = decodeB64Strict(enc.initializationVector);
  const wrapped = decodeB64Strict(enc.encryptedSymmetricKey);
  let keyB64: string | undefined;
  try {
    const key = wrapped ? rsaOaepDecrypt(pk.privateKeyPem, wrapped) : undefined;
    if (key?.length === 32 && iv?.length === 16) keyB64 = key.toString('base64');
  } catch {
    keyB64 = undefined;
  }
  return { keyB64, ivB64: iv?.toString('base64') ?? '' };
}

/** Lazy expiry: online sessions close after 12 h; batch sessions not closed in 12 h are cancelled. */
export function refreshSession(em: Emu, s: SessionRec): void {
  if (s.status.code !== 100 || Date.now() <= new Date(s.validUntil).getTime()) return;
  if (s.type === 'Online') closeOnline(em, s);
  else {
    s.status = SESSION_FAIL.cancelled('Przekroczono czas wysyłki');
    s.dateUpdated = apiDate();
  }
}

function closeOnline(em: Emu, s: SessionRec) {
  s.status = { ...ONLINE.closed };
  s.dateUpdated = apiDate();
  em.later(() => finalizeIfDone(em, s));
}

/** Move a closed session to its final status once every invoice is final; build the session UPO. */
export function finalizeIfDone(em: Emu, s: SessionRec): void {
  if (s.status.code !== 170 && s.status.code !== 150) return;
  const invs = s.invoiceRefs.map((r) => em.s.invoices[r]!);
  if (invs.some((i) => i.status.code < 200)) return;
  const ok = invs.filter((i) => i.status.code === 200);
  if (invs.length === 0) s.status = SESSION_FAIL.cancelled('Nie przesłano faktur');
  else if (ok.length === 0) s.status = { ...SESSION_FAIL.noValid };
  else {
    s.status = { ...(s.type === 'Online' ? ONLINE.ok : BATCH.ok) };
    s.upoPages = [];
    for (let from = 0; from < ok.length; from += UPO_PAGE_SIZE) s.upoPages.push({ referenceNumber: makeReferenceNumber('EU'), from, to: Math.min(from + UPO_PAGE_SIZE, ok.length) });
  }
  s.dateUpdated = apiDate();
  em.store.touch();
}

/** After a restart with a state file: finish anything that was still processing. */
export function resumePending(em: Emu): void {
  for (const s of Object.values(em.s.sessions)) {
    for (const r of s.invoiceRefs) {
      const inv = em.s.invoices[r]!;
      if (inv.status.code < 200 && inv.encryptedB64) processOnlineInvoice(em, s, inv, inv.encryptedB64);
      else if (inv.status.code < 200) inv.status = { code: 500, description: 'Nieznany błąd', details: ['Przetwarzanie przerwane restartem emulatora.'] };
    }
    finalizeIfDone(em, s);
  }
}

function processOnlineInvoice(em: Emu, s: SessionRec, inv: InvoiceRec, encB64: string) {
  em.later(() => {
    inv.status = { ...INV.processing };
    em.later(() => {
      const declared = { size: inv.invoiceSize, hash: inv.invoiceHash };
      verifyInvoice(em, s, inv, decryptInvoice(s, Buffer.from(encB64, 'base64')), declared);
      delete inv.encryptedB64;
      finalizeIfDone(em, s);
    });
  });
}

const READ_PERMS = ['InvoiceWrite', 'Introspection', 'PefInvoiceWrite', 'EnforcementOperations'];

/** Sessions are visible in their context to the opener, the owner, or Introspection holders. */
export function sessionFor(em: Emu, a: AccessContext, ref: string): SessionRec {
  const s = em.s.sessions[ref];
  if (!s || s.context.value !== a.contextValue || s.context.type !== a.contextType) throw exception(21173);
  const opener = s.subject.type === a.subjectType && s.subject.value === a.subjectValue;
  const owner = em.isOwner(s.context, { type: a.subjectType, value: a.subjectValue });
  if (!opener && !owner && !a.permissions.includes('Introspection')) throw exception(21173);
  refreshSession(em, s);
  return s;
}

function urlExp() {
  return apiDate(Date.now() + URL_TTL_MS);
}

export function invoiceView(em: Emu, i: InvoiceRec) {
  const accepted = i.status.code === 200;
  return {
    ordinalNumber: i.ordinalNumber,
    invoiceNumber: i.invoiceNumber ?? null,
    ksefNumber: i.ksefNumber ?? null,
    referenceNumber: i.referenceNumber,
    invoiceHash: i.invoiceHash,
    invoiceFileName: i.fileName ?? null,
    acquisitionDate: i.acquisitionDate ?? null,
    invoicingDate: i.invoicingDate,
    permanentStorageDate: i.permanentStorageDate ?? null,
    upoDownloadUrl: accepted ? em.url(`/__storage/upo/invoice/${i.upoToken}`) : null,
    upoDownloadUrlExpirationDate: accepted ? urlExp() : null,
    invoicingMode: accepted ? i.invoicingMode : null,
    status: { code: i.status.code, description: i.status.description, details: i.status.details ?? null, extensions: i.status.extensions ?? null },
  };
}

function continuation(ctx: Ctx): number {
  const t = ctx.header('x-continuation-token');
  if (!t) return 0;
  const m = /^o:(\d+)$/.exec(Buffer.from(t, 'base64').toString('utf8'));
  if (!m) throw exception(21418);
  return Number(m[1]);
}

function paged<T>(ctx: Ctx, items: T[]) {
  const offset = continuation(ctx);
  const size = Number(ctx.query.get('pageSize') ?? 10);
  return { page: items.slice(offset, offset + size), continuationToken: offset + size < items.length ? Buffer.from(`o:${offset + size}`).toString('base64') : null };
}

export function upoReply(xml: string): Reply {
  return { status: 200, raw: xml, contentType: 'application/xml', headers: { 'x-ms-meta-hash': sha256b64(Buffer.from(xml, 'utf8')) } };
}

export function sessionUpoXml(em: Emu, s: SessionRec, upoRef: string): string | undefined {
  const idx = s.upoPages.findIndex((p) => p.referenceNumber === upoRef);
  if (idx < 0) return undefined;
  const p = s.upoPages[idx]!;
  const ok = s.invoiceRefs.map((r) => em.s.invoices[r]!).filter((i) => i.status.code === 200);
  return buildUpo(em, s, ok.slice(p.from, p.to), { n: idx + 1, of: s.upoPages.length, from: p.from + 1, to: p.to + 1, total: ok.length });
}

export function sessionRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, group: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group, handler });
  return [
    r('POST', '/sessions/online', 'sessions.online.open', 'onlineSession', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['InvoiceWrite', 'PefInvoiceWrite', 'EnforcementOperations']);
      const b = ctx.json<{ formCode: SessionRec['formCode']; encryption: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId?: string | null } }>();
      checkFormCode(b.formCode, false);
      const { keyB64, ivB64 } = unwrapKey(em, b.encryption);
      const now = Date.now();
      const s: SessionRec = {
        referenceNumber: makeReferenceNumber('SO'),
        type: 'Online',
        context: { type: a.contextType, value: a.contextValue },
        subject: { type: a.subjectType, value: a.subjectValue },
        authRef: a.authRef,
        formCode: b.formCode,
        keyB64,
        ivB64,
        status: { ...ONLINE.open },
        dateCreated: apiDate(now),
        dateUpdated: apiDate(now),
        validUntil: apiDate(now + H12),
        invoiceRefs: [],
        upoPages: [],
        offlineMode: false,
        subjectIdentifierValidation: hasFeature(ctx, SUBJECT_ID_VALIDATION) || undefined,
      };
      em.s.sessions[s.referenceNumber] = s;
      // A key that cannot be unwrapped fails the session asynchronously (415), not the HTTP call (open-api.json).
      if (!keyB64)
        em.later(() => {
          s.status = { ...SESSION_FAIL.key };
          s.dateUpdated = apiDate();
        });
      em.store.touch();
      return json(201, { referenceNumber: s.referenceNumber, validUntil: s.validUntil });
    }),
    r('POST', '/sessions/online/{referenceNumber}/invoices', 'sessions.online.send', 'invoiceSend', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['InvoiceWrite', 'PefInvoiceWrite', 'EnforcementOperations']);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      if (s.type !== 'Online') throw exception(21173);
      if (s.status.code !== 100) throw exception(21180, `Status sesji: ${s.status.code}.`);
      if (s.invoiceRefs.length >= contextLimits(em, s.context.value).onlineSession.maxInvoices) throw exception(21155);
      const b = ctx.json<{
        invoiceHash: string;
        invoiceSize: number;
        encryptedInvoiceHash: string;
        encryptedInvoiceSize: number;
        encryptedInvoiceContent: string;
        offlineMode?: boolean;
        hashOfCorrectedInvoice?: string | null;
      }>();
      const enc = decodeB64Strict(b.encryptedInvoiceContent);
      if (!enc) throw exception(21405, 'encryptedInvoiceContent nie jest poprawnym Base64.');
      if (enc.length !== b.encryptedInvoiceSize) throw exception(21402, `Rozmiar zaszyfrowanej faktury (${enc.length}) różni się od zadeklarowanego (${b.encryptedInvoiceSize}).`);
      if (sha256b64(enc) !== b.encryptedInvoiceHash) throw exception(21403, 'Skrót zaszyfrowanej faktury różni się od zadeklarowanego.');
      if (b.hashOfCorrectedInvoice) {
        // offline/korekta-techniczna.md: only for a rejected original; one accepted correction per original.
        const orig = Object.values(em.s.invoices).find((i) => i.invoiceHash === b.hashOfCorrectedInvoice && i.sessionRef && em.s.sessions[i.sessionRef]?.context.value === s.context.value);
        if (orig?.status.code === 200) throw exception(21167);
        if (Object.values(em.s.invoices).some((i) => i.hashOfCorrectedInvoice === b.hashOfCorrectedInvoice && i.status.code === 200)) throw exception(21166);
      }
      const inv: InvoiceRec = {
        referenceNumber: makeReferenceNumber('EE'),
        sessionRef: s.referenceNumber,
        ordinalNumber: s.invoiceRefs.length + 1,
        invoiceHash: b.invoiceHash,
        invoiceSize: b.invoiceSize,
        encryptedB64: b.encryptedInvoiceContent,
        status: { ...INV.accepted },
        invoicingDate: apiDate(),
        invoicingMode: b.offlineMode ? 'Offline' : 'Online',
        offlineMode: !!b.offlineMode,
        hashOfCorrectedInvoice: b.hashOfCorrectedInvoice ?? undefined,
      };
      em.s.invoices[inv.referenceNumber] = inv;
      s.invoiceRefs.push(inv.referenceNumber);
      s.dateUpdated = apiDate();
      processOnlineInvoice(em, s, inv, b.encryptedInvoiceContent);
      return json(202, { referenceNumber: inv.referenceNumber });
    }),
    r('POST', '/sessions/online/{referenceNumber}/close', 'sessions.online.close', 'onlineSessionClose', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['InvoiceWrite', 'PefInvoiceWrite', 'EnforcementOperations']);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      if (s.type !== 'Online') throw exception(21173);
      if (s.status.code !== 100) throw exception(21180, `Status sesji: ${s.status.code}.`);
      closeOnline(em, s);
      return noContent();
    }),
    r('GET', '/sessions', 'sessions.list', 'sessionList', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, ['InvoiceWrite', 'Introspection', 'EnforcementOperations']);
      const q = ctx.query;
      const type = q.get('sessionType');
      const seeAll = a.permissions.includes('Introspection') || em.isOwner({ type: a.contextType, value: a.contextValue }, { type: a.subjectType, value: a.subjectValue });
      const statusMap: Record<string, (c: number) => boolean> = {
        InProgress: (c) => c === 100 || c === 150 || c === 170,
        Succeeded: (c) => c === 200,
        Failed: (c) => c >= 400 && c !== 440,
        Cancelled: (c) => c === 440,
      };
      const statuses = q.getAll('statuses');
      const inRange = (v: string | undefined, from: string | null, to: string | null) => (!from || (v && v >= apiDate(from))) && (!to || (v && v <= apiDate(to)));
      const items = Object.values(em.s.sessions)
        .filter((s) => s.context.value === a.contextValue && s.type === type)
        .filter((s) => seeAll || (s.subject.type === a.subjectType && s.subject.value === a.subjectValue))
        .map((s) => (refreshSession(em, s), s))
        .filter((s) => !q.get('referenceNumber') || s.referenceNumber === q.get('referenceNumber'))
        .filter((s) => inRange(s.dateCreated, q.get('dateCreatedFrom'), q.get('dateCreatedTo')))
        .filter((s) => inRange(s.dateUpdated, q.get('dateModifiedFrom'), q.get('dateModifiedTo')))
        .filter((s) => !statuses.length || statuses.some((st) => statusMap[st]?.(s.status.code)))
        .sort((x, y) => y.dateCreated.localeCompare(x.dateCreated));
      const { page, continuationToken } = paged(ctx, items);
      return json(200, {
        continuationToken,
        sessions: page.map((s) => {
          const invs = s.invoiceRefs.map((r2) => em.s.invoices[r2]!);
          return {
            referenceNumber: s.referenceNumber,
            status: s.status,
            dateCreated: s.dateCreated,
            dateUpdated: s.dateUpdated,
            validUntil: s.validUntil,
            totalInvoiceCount: invs.length,
            successfulInvoiceCount: invs.filter((i) => i.status.code === 200).length,
            failedInvoiceCount: invs.filter((i) => i.status.code >= 400).length,
          };
        }),
      });
    }),
    r('GET', '/sessions/{referenceNumber}', 'sessions.status', 'sessionMisc', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const invs = s.invoiceRefs.map((r2) => em.s.invoices[r2]!);
      const final = s.status.code >= 200;
      return json(200, {
        status: s.status,
        dateCreated: s.dateCreated,
        dateUpdated: s.dateUpdated,
        validUntil: s.validUntil,
        upo: s.upoPages.length
          ? {
              pages: s.upoPages.map((p) => ({
                referenceNumber: p.referenceNumber,
                downloadUrl: em.url(`/__storage/upo/session/${s.referenceNumber}/${p.referenceNumber}`),
                downloadUrlExpirationDate: urlExp(),
              })),
            }
          : null,
        invoiceCount: s.type === 'Batch' && !final && s.status.code === 100 ? null : invs.length,
        successfulInvoiceCount: invs.filter((i) => i.status.code === 200).length,
        failedInvoiceCount: invs.filter((i) => i.status.code >= 400).length,
      });
    }),
    r('GET', '/sessions/{referenceNumber}/invoices', 'sessions.invoices', 'sessionInvoiceList', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const { page, continuationToken } = paged(
        ctx,
        s.invoiceRefs.map((r2) => em.s.invoices[r2]!),
      );
      return json(200, { continuationToken, invoices: page.map((i) => invoiceView(em, i)) });
    }),
    r('GET', '/sessions/{referenceNumber}/invoices/failed', 'sessions.invoices.failed', 'sessionInvoiceList', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const failed = s.invoiceRefs.map((r2) => em.s.invoices[r2]!).filter((i) => i.status.code >= 400);
      const { page, continuationToken } = paged(ctx, failed);
      return json(200, { continuationToken, invoices: page.map((i) => invoiceView(em, i)) });
    }),
    r('GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}', 'sessions.invoice.status', 'invoiceStatus', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const inv = em.s.invoices[ctx.params.invoiceReferenceNumber!];
      if (!inv || inv.sessionRef !== s.referenceNumber) throw exception(21405, `Faktura ${ctx.params.invoiceReferenceNumber} nie istnieje w sesji.`);
      return json(200, invoiceView(em, inv));
    }),
    r('GET', '/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo', 'sessions.invoice.upo', 'sessionMisc', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const inv = em.s.invoices[ctx.params.invoiceReferenceNumber!];
      if (!inv || inv.sessionRef !== s.referenceNumber || inv.status.code !== 200) throw exception(21178);
      return upoReply(buildUpo(em, s, [inv]));
    }),
    r('GET', '/sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo', 'sessions.invoice.upoByKsef', 'sessionMisc', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const inv = em.s.invoices[em.s.ksefIndex[ctx.params.ksefNumber!] ?? ''];
      if (!inv || inv.sessionRef !== s.referenceNumber || inv.status.code !== 200) throw exception(21178);
      return upoReply(buildUpo(em, s, [inv]));
    }),
    r('GET', '/sessions/{referenceNumber}/upo/{upoReferenceNumber}', 'sessions.upo', 'sessionMisc', (ctx) => {
      const a = ctx.auth!;
      em.requireAny(a, READ_PERMS);
      const s = sessionFor(em, a, ctx.params.referenceNumber!);
      const xml = sessionUpoXml(em, s, ctx.params.upoReferenceNumber!);
      if (!xml) throw exception(21178);
      return upoReply(xml);
    }),
  ];
}
