/**
 * Public keys, challenge, XAdES and KSeF-token authentication, status, redeem, refresh and
 * authentication sessions (uwierzytelnianie.md, auth/podpis-xades.md, auth/sesje.md, tokeny-ksef.md,
 * bezpieczenstwo/klucze-publiczne-do-szyfrowania.md).
 */
import path from 'node:path';
import { X509Certificate, createHash } from 'node:crypto';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { DOMParser, type Document as XDocument, type Element as XElement } from '@xmldom/xmldom';
import { createXsdValidator, type CompiledXsd } from '@/lib/xml/xsd';
import type { Emu } from './core';
import type { Ctx, Route } from './http';
import { ApiError, apiDate, exception, forbidden, json, noContent } from './http';
import { makeReferenceNumber } from './ksef-number';
import { SCHEMA_DIR } from './openapi';
import type { AuthOpRec, Identifier, Status } from './state';
import { signJwt } from './tokens-jwt';
import { SignatureError, verifyXades } from './xades-verify';
import { decodeB64Strict, rsaOaepDecrypt, sha256b64 } from './crypto';

const NS_20 = 'http://ksef.mf.gov.pl/auth/token/2.0';
const NS_21 = 'http://ksef.mf.gov.pl/auth/token/2.1';
const CHALLENGE_TTL_MS = 10 * 60_000;
const OPERATION_TOKEN_TTL_SEC = 60 * 60;

export const AUTH_STATUS: {
  inProgress: Status;
  ok: Status;
  noPermissions: Status;
  revoked: Status;
  deceased: Status;
  blocked: Status;
  badToken: (d: string) => Status;
  badCert: (d: string) => Status;
} = {
  inProgress: { code: 100, description: 'Uwierzytelnianie w toku' },
  ok: { code: 200, description: 'Uwierzytelnianie zakończone sukcesem' },
  noPermissions: { code: 415, description: 'Uwierzytelnianie zakończone niepowodzeniem', details: ['Brak przypisanych uprawnień'] },
  revoked: {
    code: 425,
    description: 'Uwierzytelnienie unieważnione',
    details: ['Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika'],
  },
  badToken: (detail: string): Status => ({ code: 450, description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu', details: [detail] }),
  badCert: (detail: string): Status => ({ code: 460, description: 'Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu', details: [detail] }),
  deceased: { code: 470, description: 'Uwierzytelnianie zakończone niepowodzeniem', details: ['Próba wykorzystania metod autoryzacyjnych osoby zmarłej'] },
  blocked: {
    code: 480,
    description: 'Uwierzytelnienie zablokowane',
    details: ['Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez formularz zgłoszeniowy.'],
  },
};

let authXsd: CompiledXsd | undefined;
function getAuthXsd(): CompiledXsd {
  // 2.0 documents are validated against 2.1 (same structure; the 2.0 IP patterns do not compile in libxml2).
  authXsd ??= createXsdValidator({ entry: path.join(SCHEMA_DIR, 'auth-v2-1.emulator.xsd') });
  return authXsd;
}

export function parseXml(text: string): XDocument | undefined {
  let failed = false;
  if (/<!DOCTYPE/i.test(text)) return undefined;
  try {
    const doc = new DOMParser({
      onError: (level) => {
        if (level !== 'warning') failed = true;
      },
    }).parseFromString(text, 'text/xml');
    if (failed || !doc.documentElement) return undefined;
    return doc;
  } catch {
    return undefined;
  }
}

function firstChildEl(el: XElement, ns: string, local: string): XElement | undefined {
  for (let n = el.firstChild; n; n = n.nextSibling) if (n.nodeType === 1 && (n as XElement).namespaceURI === ns && (n as XElement).localName === local) return n as XElement;
  return undefined;
}

/** Subject identifier from certificate attributes (auth/podpis-xades.md, auth/subject-identifier-type-certificate-subject.md). */
export function subjectFromCertificate(der: Buffer): { kind: 'seal' | 'personal'; id?: Identifier; name: string } | { error: string } {
  let cert: x509.X509Certificate;
  try {
    cert = new x509.X509Certificate(new Uint8Array(der));
  } catch {
    return { error: 'Nieczytelny certyfikat.' };
  }
  const f = (oid: string) => cert.subjectName.getField(oid);
  const cn = f('2.5.4.3');
  const c = f('2.5.4.6');
  const o = f('2.5.4.10');
  const orgId = f('2.5.4.97');
  const given = f('2.5.4.42');
  const sur = f('2.5.4.4');
  const serial = f('2.5.4.5');
  if (orgId.length && o.length && cn.length && c.length && !given.length && !sur.length) {
    const m = /(VATPL).*?(\d{10})/.exec(orgId[0]!);
    return { kind: 'seal', id: m ? { type: 'Nip', value: m[2]! } : undefined, name: o[0]! };
  }
  if (given.length && sur.length && serial.length && cn.length && c.length) {
    const pesel = /(PNOPL|PESEL).*?(\d{11})/.exec(serial[0]!);
    const nip = /(TINPL|NIP).*?(\d{10})/.exec(serial[0]!);
    const id = pesel ? { type: 'Pesel', value: pesel[2]! } : nip ? { type: 'Nip', value: nip[2]! } : undefined;
    return { kind: 'personal', id, name: `${given[0]} ${sur[0]}` };
  }
  return { error: 'Certyfikat nie spełnia wymagań profilu (pieczęć: O, organizationIdentifier, CN, C; osoba: givenName, surname, serialNumber, CN, C).' };
}

function challengeCheck(em: Emu, challenge: string): void {
  const c = em.s.challenges[challenge];
  if (!c || c.used || Date.now() - c.timestampMs > CHALLENGE_TTL_MS) throw exception(21111);
  c.used = true; // single use (not documented; see ksef-protocol.md §15.11)
}

function newAuthOp(em: Emu, p: Omit<AuthOpRec, 'referenceNumber' | 'startDate' | 'status' | 'operationTokenJti' | 'operationTokenValidUntil' | 'redeemed'>) {
  const referenceNumber = makeReferenceNumber('AU');
  const exp = Math.floor(Date.now() / 1000) + OPERATION_TOKEN_TTL_SEC;
  const token = signJwt(em.s.secret, {
    type: 'OperationToken',
    authRef: referenceNumber,
    contextType: p.context.type,
    contextValue: p.context.value,
    subjectType: p.subject.type,
    subjectValue: p.subject.value,
    permissions: [],
    exp,
  });
  const op: AuthOpRec = {
    ...p,
    referenceNumber,
    startDate: apiDate(),
    status: { ...AUTH_STATUS.inProgress },
    operationTokenJti: '',
    operationTokenValidUntil: apiDate(exp * 1000),
    redeemed: false,
  };
  em.s.authOps[referenceNumber] = op;
  em.store.touch();
  return { op, token };
}

/** Final decision of an authentication (uwierzytelnianie.md: owner, or ≥ 1 permission in the context). */
function completeAuth(em: Emu, op: AuthOpRec, extraCheck?: () => Status | undefined): void {
  if (op.status.code !== 100) return;
  if (em.s.blockedContexts[`${op.context.type}:${op.context.value}`]) {
    op.status = { ...AUTH_STATUS.blocked };
    return;
  }
  if (op.subject.type === 'Pesel') {
    const dead = Object.values(em.s.persons).some((p) => p.pesel === op.subject.value && p.isDeceased);
    if (dead) {
      op.status = { ...AUTH_STATUS.deceased };
      return;
    }
  }
  const extra = extraCheck?.();
  if (extra) {
    op.status = extra;
    return;
  }
  const perms = em.permissionsOf(op.context, op.subject);
  op.status = perms.length ? { ...AUTH_STATUS.ok } : { ...AUTH_STATUS.noPermissions };
}

function chainStatus(em: Emu, cert: X509Certificate, forceChain: boolean): Status | undefined {
  const now = Date.now();
  if (new Date(cert.validFrom).getTime() > now || new Date(cert.validTo).getTime() < now) return AUTH_STATUS.badCert('Nieważny certyfikat');
  const cas = em.opts.requireTrustedCa ? em.opts.requireTrustedCa.caCertsPem : forceChain ? [] : undefined;
  if (!cas) return undefined; // TEST: self-signed accepted (srodowiska.md)
  for (const pem of cas) {
    try {
      const ca = new X509Certificate(pem);
      if (cert.checkIssued(ca) && cert.verify(ca.publicKey)) return undefined;
    } catch {
      /* next */
    }
  }
  return AUTH_STATUS.badCert('Niezaufany łańcuch certyfikatów');
}

function xadesSignature(em: Emu, ctx: Ctx) {
  const raw = ctx.body;
  if (!raw.length) throw exception(21001);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw exception(21217);
  }
  const decl = /^\uFEFF?<\?xml[^>]*encoding=["']([^"']+)["']/i.exec(text);
  if (decl && !/^utf-?8$/i.test(decl[1]!)) throw exception(21217);
  const doc = parseXml(text.replace(/^\uFEFF/, ''));
  if (!doc) throw exception(21001);
  const root = doc.documentElement as XElement;
  if (root.localName !== 'AuthTokenRequest' || (root.namespaceURI !== NS_20 && root.namespaceURI !== NS_21)) throw exception(9101);
  const ns = root.namespaceURI!;

  // Signature count first (9102/9103), then the XSD of the document without the signature (21401).
  const sigs = doc.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature');
  if (sigs.length === 0) throw exception(9102);
  if (sigs.length > 1) throw exception(9103);
  const stripped = parseXml(text.replace(/^\uFEFF/, ''))!;
  const s0 = stripped.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature')[0]!;
  s0.parentNode!.removeChild(s0);
  let forXsd = stripped.toString();
  if (ns === NS_20) forXsd = forXsd.split(NS_20).join(NS_21);
  const xsd = getAuthXsd().validate(forXsd);
  if (!xsd.valid)
    throw exception(
      21401,
      xsd.errors.map((e) => `${e.path}: ${e.message}`),
    );

  const challenge = (firstChildEl(root, ns, 'Challenge')?.textContent ?? '').trim();
  const ctxEl = firstChildEl(root, ns, 'ContextIdentifier')!;
  let contextEl: XElement | undefined;
  for (let n = ctxEl.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) contextEl = n as XElement;
  const context: Identifier = { type: contextEl!.localName!, value: (contextEl!.textContent ?? '').trim() };
  const subjectIdentifierType = (firstChildEl(root, ns, 'SubjectIdentifierType')?.textContent ?? '').trim();
  const policyEl = firstChildEl(root, ns, 'AuthorizationPolicy');

  // Challenge before the (expensive) signature check; a rejected signature still consumes it.
  const ch = em.s.challenges[challenge];
  if (!ch || ch.used || Date.now() - ch.timestampMs > CHALLENGE_TTL_MS) throw exception(21111);

  let verified;
  try {
    verified = verifyXades(doc);
  } catch (e) {
    ch.used = true;
    if (e instanceof SignatureError) throw exception(e.code, e.message);
    throw e;
  }
  ch.used = true;

  const certInfo = subjectFromCertificate(verified.certificateDer);
  if ('error' in certInfo) throw exception(21115, certInfo.error);
  let subject: Identifier;
  const fingerprint = createHash('sha256').update(verified.certificateDer).digest('hex').toUpperCase();
  if (subjectIdentifierType === 'certificateFingerprint') subject = { type: 'Fingerprint', value: fingerprint };
  else {
    if (!certInfo.id) throw exception(21115, 'Certyfikat nie zawiera identyfikatora NIP/PESEL w wymaganym formacie.');
    subject = certInfo.id;
  }
  // A PESEL/NIP subject cannot own a PeppolId context, etc. (21117): only Peppol certificates authenticate there.
  if (context.type === 'PeppolId') throw exception(21117);

  const allowedIps = policyEl
    ? (() => {
        const get = (local: string) => Array.from(policyEl.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<XElement>).map((e) => (e.textContent ?? '').trim());
        return { ip4Addresses: get('Ip4Address'), ip4Ranges: get('Ip4Range'), ip4Masks: get('Ip4Mask') };
      })()
    : undefined;

  const seal = certInfo.kind === 'seal';
  const { op, token } = newAuthOp(em, {
    method: 'xades',
    methodInfo: seal
      ? { category: 'XadesSignature', code: 'QualifiedSeal', displayName: 'Pieczęć kwalifikowana' }
      : { category: 'XadesSignature', code: 'QualifiedSignature', displayName: 'Podpis kwalifikowany' },
    authenticationMethod: seal ? 'QualifiedSeal' : 'QualifiedSignature',
    context,
    subject,
    documentHash: sha256b64(raw),
    allowedIps,
  });
  const forceChain = /^true$/i.test(ctx.query.get('verifyCertificateChain') ?? '');
  em.later(() => completeAuth(em, op, () => chainStatus(em, verified.certificate, forceChain)));
  return json(202, { referenceNumber: op.referenceNumber, authenticationToken: { token, validUntil: op.operationTokenValidUntil } });
}

function ksefTokenAuth(em: Emu, ctx: Ctx) {
  const body = ctx.json<{
    challenge: string;
    contextIdentifier: Identifier;
    encryptedToken: string;
    publicKeyId?: string | null;
    authorizationPolicy?: { allowedIps?: { ip4Addresses?: string[]; ip4Ranges?: string[]; ip4Masks?: string[] } } | null;
  }>();
  const key = body.publicKeyId
    ? em.s.keys.find((k) => k.publicKeyId === body.publicKeyId && !k.withdrawn && k.usage.includes('KsefTokenEncryption'))
    : em.s.keys.find((k) => !k.withdrawn && k.usage.includes('KsefTokenEncryption'));
  if (!key) throw exception(21470);
  const ch = em.s.challenges[body.challenge];
  challengeCheck(em, body.challenge);
  let decrypted: Buffer | undefined;
  const enc = decodeB64Strict(body.encryptedToken);
  try {
    if (enc) decrypted = rsaOaepDecrypt(key.privateKeyPem, enc);
  } catch {
    decrypted = undefined;
  }
  const plain = decrypted && utf8OrUndefined(decrypted);
  // `<token>|<timestampMs>`; the token itself may contain '|', so split at the last one.
  const cut = (plain ?? '').lastIndexOf('|');
  const tokenValue = cut > 0 ? plain!.slice(0, cut) : undefined;
  const ts = cut > 0 ? plain!.slice(cut + 1) : undefined;
  const rec = Object.values(em.s.tokens).find((t) => t.token === tokenValue);
  const ctxId = body.contextIdentifier;
  const subject: Identifier = rec ? rec.author : { type: 'Nip', value: ctxId.value };
  const ip = body.authorizationPolicy?.allowedIps;
  const { op, token } = newAuthOp(em, {
    method: 'token',
    methodInfo: { category: 'Token', code: 'Token', displayName: 'Token KSeF' },
    authenticationMethod: 'Token',
    context: ctxId,
    subject,
    ksefTokenRef: rec?.referenceNumber,
    allowedIps: ip ? { ip4Addresses: ip.ip4Addresses ?? [], ip4Ranges: ip.ip4Ranges ?? [], ip4Masks: ip.ip4Masks ?? [] } : undefined,
  });
  em.later(() =>
    completeAuth(em, op, () => {
      // The details of 450 as documented since API 2.6.1 (AuthenticationOperationStatusResponse).
      if (!decrypted) return AUTH_STATUS.badToken('Nieprawidłowe szyfrowanie tokena');
      if (tokenValue === undefined || !/^\d+$/.test(ts ?? '')) return AUTH_STATUS.badToken('Nieprawidłowe kodowanie tokena');
      if (!rec) return AUTH_STATUS.badToken('Nieprawidłowy token');
      if (String(ch?.timestampMs) !== ts) return AUTH_STATUS.badToken('Nieprawidłowy czas tokena');
      // A KSeF token works only in the context it was generated in (tokeny-ksef.md).
      if (rec.context.type !== ctxId.type || rec.context.value !== ctxId.value) return AUTH_STATUS.badToken(`Token nie może być użyty w kontekście ${ctxId.value}`);
      if (rec.status === 'Revoked' || rec.status === 'Revoking') return AUTH_STATUS.badToken('Token unieważniony');
      if (rec.status !== 'Active') return AUTH_STATUS.badToken('Token nieaktywny');
      rec.lastUseDate = apiDate();
      const effective = tokenPermissions(em, op);
      return effective.length ? undefined : { ...AUTH_STATUS.noPermissions };
    }),
  );
  return json(202, { referenceNumber: op.referenceNumber, authenticationToken: { token, validUntil: op.operationTokenValidUntil } });
}

/** The bytes as text when they are valid UTF-8 (else the token's encoding is wrong). */
function utf8OrUndefined(b: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return undefined;
  }
}

/** Permissions an authentication carries now: KSeF token → its set ∩ the author's current permissions. */
export function tokenPermissions(em: Emu, op: AuthOpRec): string[] {
  const current = em.permissionsOf(op.context, op.subject);
  if (op.method !== 'token') return current;
  const rec = op.ksefTokenRef ? em.s.tokens[op.ksefTokenRef] : undefined;
  if (!rec || rec.status !== 'Active') return [];
  return rec.requestedPermissions.filter((p) => current.includes(p));
}

function statusBody(op: AuthOpRec, current?: string) {
  return {
    startDate: op.startDate,
    authenticationMethod: op.authenticationMethod,
    authenticationMethodInfo: op.methodInfo,
    status: op.status,
    isTokenRedeemed: op.redeemed,
    lastTokenRefreshDate: op.lastTokenRefreshDate ?? null,
    refreshTokenValidUntil: op.refreshTokenValidUntil ?? null,
    ...(current !== undefined ? { referenceNumber: op.referenceNumber, isCurrent: op.referenceNumber === current } : {}),
  };
}

function issueAccess(em: Emu, op: AuthOpRec, permissions: string[]) {
  const exp = Math.floor(Date.now() / 1000) + em.opts.accessTokenTtlSec;
  return {
    token: signJwt(em.s.secret, {
      type: 'ContextToken',
      authRef: op.referenceNumber,
      contextType: op.context.type,
      contextValue: op.context.value,
      subjectType: op.subject.type,
      subjectValue: op.subject.value,
      permissions,
      exp,
    }),
    validUntil: apiDate(exp * 1000),
  };
}

export function authRoutes(em: Emu): Route[] {
  return [
    {
      method: 'GET',
      template: '/security/public-key-certificates',
      name: 'security.publicKeyCertificates',
      auth: 'public',
      group: 'public',
      handler: () =>
        json(
          200,
          em.s.keys
            .filter((k) => !k.withdrawn)
            .map((k) => ({
              certificate: k.certificateDerB64,
              certificateId: k.certificateId,
              publicKeyId: k.publicKeyId,
              validFrom: apiDate(k.validFrom),
              validTo: apiDate(k.validTo),
              usage: k.usage,
            })),
        ),
    },
    {
      method: 'POST',
      template: '/auth/challenge',
      name: 'auth.challenge',
      auth: 'public',
      group: 'public',
      validateBody: false,
      handler: (ctx) => {
        const now = Date.now();
        const challenge = makeReferenceNumber('CR', new Date(now));
        const clientIp = ctx.ip.replace(/^::ffff:/, '');
        em.s.challenges[challenge] = { challenge, timestampMs: now, clientIp, used: false };
        // Forget challenges older than their lifetime so the store does not grow without bound.
        for (const [k, v] of Object.entries(em.s.challenges)) if (now - v.timestampMs > 2 * CHALLENGE_TTL_MS) delete em.s.challenges[k];
        em.store.touch();
        return json(200, { challenge, timestamp: apiDate(now), timestampMs: now, clientIp });
      },
    },
    { method: 'POST', template: '/auth/xades-signature', name: 'auth.xadesSignature', auth: 'public', group: 'public', validateBody: false, handler: (ctx) => xadesSignature(em, ctx) },
    { method: 'POST', template: '/auth/ksef-token', name: 'auth.ksefToken', auth: 'public', group: 'public', handler: (ctx) => ksefTokenAuth(em, ctx) },
    {
      method: 'GET',
      template: '/auth/{referenceNumber}',
      name: 'auth.status',
      auth: 'none',
      group: 'public',
      handler: (ctx) => {
        const claims = em.authenticate(ctx, ['OperationToken', 'ContextToken']);
        const op = em.s.authOps[ctx.params.referenceNumber!];
        if (!op) throw exception(21304, `Operacja uwierzytelnienia ${ctx.params.referenceNumber} nie istnieje.`);
        if (claims.authRef !== op.referenceNumber && !(claims.type === 'ContextToken' && claims.contextValue === op.context.value))
          throw forbidden('insufficient-resource-access', 'Brak dostępu do wskazanego zasobu.');
        return json(200, statusBody(op));
      },
    },
    {
      method: 'POST',
      template: '/auth/token/redeem',
      name: 'auth.redeem',
      auth: 'none',
      group: 'public',
      validateBody: false,
      handler: (ctx) => {
        const claims = em.authenticate(ctx, ['OperationToken']);
        const op = em.s.authOps[claims.authRef];
        if (!op) throw exception(21304);
        if (op.status.code === 470) throw exception(21308);
        if (op.redeemed || op.status.code !== 200) throw exception(21301, op.redeemed ? 'Tokeny zostały już pobrane.' : `Status uwierzytelnienia: ${op.status.code}.`);
        const perms = tokenPermissions(em, op);
        if (!perms.length) throw exception(21301, 'Brak uprawnień w kontekście.');
        op.redeemed = true;
        op.permissionsAtAuth = perms;
        const exp = Math.floor(Date.now() / 1000) + em.opts.refreshTokenTtlSec;
        op.refreshTokenValidUntil = apiDate(exp * 1000);
        const refresh = signJwt(em.s.secret, {
          type: 'RefreshToken',
          authRef: op.referenceNumber,
          contextType: op.context.type,
          contextValue: op.context.value,
          subjectType: op.subject.type,
          subjectValue: op.subject.value,
          permissions: [],
          exp,
        });
        em.store.touch();
        return json(200, { accessToken: issueAccess(em, op, perms), refreshToken: { token: refresh, validUntil: op.refreshTokenValidUntil } });
      },
    },
    {
      method: 'POST',
      template: '/auth/token/refresh',
      name: 'auth.refresh',
      auth: 'none',
      group: 'public',
      validateBody: false,
      handler: (ctx) => {
        const claims = em.authenticate(ctx, ['RefreshToken']);
        const op = em.s.authOps[claims.authRef];
        if (!op) throw exception(21304);
        // Revoked authentication or revoked grant: refresh answers 21301 at once (auth/sesje.md, uprawnienia.md).
        if (op.refreshRevoked || op.status.code !== 200) throw exception(21301, 'Uwierzytelnienie zostało unieważnione.');
        const perms = tokenPermissions(em, op);
        if (!perms.length) throw exception(21301, 'Brak uprawnień w kontekście.');
        op.lastTokenRefreshDate = apiDate();
        em.store.touch();
        return json(200, { accessToken: issueAccess(em, op, perms) });
      },
    },
    {
      method: 'GET',
      template: '/auth/sessions',
      name: 'auth.sessions.list',
      auth: 'access',
      group: 'other',
      handler: (ctx) => {
        const a = ctx.auth!;
        const pageSize = Number(ctx.query.get('pageSize') ?? 10);
        const cont = ctx.header('x-continuation-token');
        let offset = 0;
        if (cont) {
          const m = /^o:(\d+)$/.exec(Buffer.from(cont, 'base64').toString('utf8'));
          if (!m) throw exception(21418);
          offset = Number(m[1]);
        }
        const nowIso = Date.now();
        const canSeeAll = a.permissions.includes('CredentialsManage');
        const items = Object.values(em.s.authOps)
          .filter(
            (o) =>
              o.context.type === a.contextType &&
              o.context.value === a.contextValue &&
              o.redeemed &&
              !o.refreshRevoked &&
              o.status.code === 200 &&
              (!o.refreshTokenValidUntil || new Date(o.refreshTokenValidUntil).getTime() > nowIso) &&
              (canSeeAll || (o.subject.type === a.subjectType && o.subject.value === a.subjectValue)),
          )
          .sort((x, y) => y.startDate.localeCompare(x.startDate));
        const page = items.slice(offset, offset + pageSize);
        const next = offset + pageSize < items.length ? Buffer.from(`o:${offset + pageSize}`).toString('base64') : null;
        return json(200, { continuationToken: next, items: page.map((o) => statusBody(o, a.authRef)) });
      },
    },
    {
      method: 'DELETE',
      template: '/auth/sessions/current',
      name: 'auth.sessions.revokeCurrent',
      auth: 'none',
      group: 'other',
      handler: (ctx) => {
        const claims = em.authenticate(ctx, ['ContextToken', 'RefreshToken']);
        const op = em.s.authOps[claims.authRef];
        if (op) revokeAuth(op);
        em.store.touch();
        return noContent();
      },
    },
    {
      method: 'DELETE',
      template: '/auth/sessions/{referenceNumber}',
      name: 'auth.sessions.revoke',
      auth: 'access',
      group: 'other',
      handler: (ctx) => {
        const a = ctx.auth!;
        const op = em.s.authOps[ctx.params.referenceNumber!];
        if (!op || op.context.value !== a.contextValue) throw exception(21304);
        const own = op.subject.type === a.subjectType && op.subject.value === a.subjectValue;
        if (!own) em.requireAny(a, ['CredentialsManage']);
        revokeAuth(op);
        em.store.touch();
        return noContent();
      },
    },
  ];
}

function revokeAuth(op: AuthOpRec) {
  op.refreshRevoked = true;
  op.status = { ...AUTH_STATUS.revoked };
}

export { ApiError };
