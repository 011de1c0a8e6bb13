/**
 * Batch sessions (sesja-wsadowa.md): open with presigned part URLs, raw part upload (no token),
 * close, asynchronous package processing; plus the emulator's "storage" host for presigned
 * downloads (UPO, export parts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import { randomBytes } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Emu } from './core';
import { aesCbcDecrypt, sha256b64 } from './crypto';
import type { Reply, Route } from './http';
import { apiDate, exception, hasFeature, json, noContent } from './http';
import { makeReferenceNumber } from './ksef-number';
import { contextLimits } from './limits';
import { INV, SUBJECT_ID_VALIDATION, verifyInvoice } from './processing';
import { BATCH, SESSION_FAIL, checkFormCode, finalizeIfDone, sessionFor, sessionUpoXml, unwrapKey, upoReply } from './sessions';
import type { InvoiceRec, SessionRec, Status } from './state';
import { buildUpo } from './upo';
import { exportPart } from './invoices';

const MAX_PARTS = 50;
const MAX_PART = 100_000_000;
const MAX_ARCHIVE = 5_000_000_000;
const WINDOW_PER_PART_MS = 20 * 60_000;

const FAIL = {
  package: (d: string): Status => ({ code: 405, description: 'Błąd weryfikacji poprawności dostarczonych elementów paczki', details: [d] }),
  limit: (d: string): Status => ({ code: 420, description: 'Przekroczony limit faktur w sesji', details: [d] }),
  decompress: (d: string): Status => ({ code: 430, description: 'Błąd dekompresji pierwotnego archiwum', details: [d] }),
  decrypt: (d: string): Status => ({ code: 435, description: 'Błąd odszyfrowania zaszyfrowanych części archiwum', details: [d] }),
};

/** Minimal ustar reader: regular files only. */
export function untar(buf: Buffer): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  let off = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const name = header.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '');
    const prefix = header.subarray(345, 500).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(header.subarray(124, 136).toString('utf8').replace(/\0.*$/s, '').trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    if (Number.isNaN(size)) throw new Error('bad tar header');
    const data = buf.subarray(off + 512, off + 512 + size);
    if (data.length !== size) throw new Error('truncated tar');
    if (type === '0' || type === '\0') out.push({ name: prefix ? `${prefix}/${name}` : name, data: Buffer.from(data) });
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

function processBatch(em: Emu, s: SessionRec): void {
  const b = s.batch!;
  const fail = (st: Status) => {
    s.status = st;
    s.dateUpdated = apiDate();
  };
  if (!s.keyB64) return fail({ ...SESSION_FAIL.key });
  const key = Buffer.from(s.keyB64, 'base64');
  const iv = Buffer.from(s.ivB64, 'base64');
  const plainParts: Buffer[] = [];
  for (const p of [...b.parts].sort((x, y) => x.ordinalNumber - y.ordinalNumber)) {
    const enc = Buffer.from(p.uploadedB64!, 'base64');
    if (sha256b64(enc) !== p.fileHash) return fail(FAIL.package(`Skrót części ${p.ordinalNumber} nie zgadza się z zadeklarowanym.`));
    try {
      plainParts.push(aesCbcDecrypt(key, iv, enc));
    } catch {
      return fail(FAIL.decrypt(`Nie można odszyfrować części ${p.ordinalNumber}.`));
    }
  }
  const archive = Buffer.concat(plainParts);
  if (archive.length !== b.fileSize || sha256b64(archive) !== b.fileHash) return fail(FAIL.package('Rozmiar lub skrót paczki nie zgadza się z zadeklarowanym.'));
  let files: { name: string; data: Buffer }[];
  try {
    files =
      b.compressionType === 'TarGz'
        ? untar(gunzipSync(archive))
        : Object.entries(unzipSync(new Uint8Array(archive)))
            .filter(([n]) => !n.endsWith('/'))
            .map(([name, data]) => ({ name, data: Buffer.from(data) }));
  } catch (e) {
    return fail(FAIL.decompress(`Nie można rozpakować archiwum: ${(e as Error).message}`));
  }
  files.sort((x, y) => x.name.localeCompare(y.name));
  if (!files.length) return fail(SESSION_FAIL.cancelled('Nie przesłano faktur'));
  const max = contextLimits(em, s.context.value).batchSession.maxInvoices;
  if (files.length > max) return fail(FAIL.limit(`Liczba faktur ${files.length} przekracza limit ${max}.`));
  files.forEach((f, idx) => {
    const inv: InvoiceRec = {
      referenceNumber: makeReferenceNumber('EE'),
      sessionRef: s.referenceNumber,
      ordinalNumber: idx + 1,
      invoiceHash: sha256b64(f.data),
      invoiceSize: f.data.length,
      fileName: f.name.slice(0, 128),
      status: { ...INV.accepted },
      // Batch: invoicingDate = when the session was opened (open-api.json).
      invoicingDate: s.dateCreated,
      invoicingMode: s.offlineMode ? 'Offline' : 'Online',
      offlineMode: s.offlineMode,
    };
    em.s.invoices[inv.referenceNumber] = inv;
    s.invoiceRefs.push(inv.referenceNumber);
    verifyInvoice(em, s, inv, f.data);
  });
  finalizeIfDone(em, s);
}

/** sesja-wsadowa.md: part count and part size have their own codes (21161, 21157). */
function batchPreChecks(body: unknown): void {
  const parts = (body as { batchFile?: { fileParts?: { ordinalNumber?: number; fileSize?: number }[] } } | undefined)?.batchFile?.fileParts;
  if (!Array.isArray(parts)) return;
  if (parts.length > MAX_PARTS) throw exception(21161, `Liczba części ${parts.length} przekracza ${MAX_PARTS}.`);
  const tooBig = parts.find((p) => typeof p?.fileSize === 'number' && p.fileSize > MAX_PART);
  if (tooBig) throw exception(21157, `Rozmiar części ${tooBig.ordinalNumber} przekroczył dozwolony rozmiar 100MB.`);
}

export function batchRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'batchSession', handler });
  return [
    {
      ...r('POST', '/sessions/batch', 'sessions.batch.open', (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceWrite', 'EnforcementOperations']);
        const body = ctx.json<{
          formCode: SessionRec['formCode'];
          batchFile: { fileSize: number; fileHash: string; compressionType?: string | null; fileParts: { ordinalNumber: number; fileSize: number; fileHash: string }[] };
          encryption: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId?: string | null };
          offlineMode?: boolean;
        }>();
        checkFormCode(body.formCode, true);
        const parts = body.batchFile.fileParts;
        if (parts.length > MAX_PARTS) throw exception(21161, `Liczba części ${parts.length} przekracza ${MAX_PARTS}.`);
        const tooBig = parts.find((p) => p.fileSize > MAX_PART);
        if (tooBig) throw exception(21157, `Rozmiar części ${tooBig.ordinalNumber} przekroczył dozwolony rozmiar 100MB.`);
        if (body.batchFile.fileSize > MAX_ARCHIVE) throw exception(21405, 'Rozmiar paczki przekracza 5 GB.');
        const ordinals = parts.map((p) => p.ordinalNumber).sort((x, y) => x - y);
        if (ordinals.some((o, i) => o !== i + 1)) throw exception(21405, 'Numery części muszą być kolejnymi liczbami od 1.');
        const { keyB64, ivB64 } = unwrapKey(em, body.encryption);
        const now = Date.now();
        const s: SessionRec = {
          referenceNumber: makeReferenceNumber('SB'),
          type: 'Batch',
          context: { type: a.contextType, value: a.contextValue },
          subject: { type: a.subjectType, value: a.subjectValue },
          authRef: a.authRef,
          formCode: body.formCode,
          keyB64,
          ivB64,
          status: { ...BATCH.open },
          dateCreated: apiDate(now),
          dateUpdated: apiDate(now),
          validUntil: apiDate(now + 12 * 3600_000),
          invoiceRefs: [],
          upoPages: [],
          offlineMode: !!body.offlineMode,
          subjectIdentifierValidation: hasFeature(ctx, SUBJECT_ID_VALIDATION) || undefined,
          batch: {
            fileSize: body.batchFile.fileSize,
            fileHash: body.batchFile.fileHash,
            compressionType: body.batchFile.compressionType ?? 'Zip',
            parts: parts.map((p) => ({ ...p, uploadToken: randomBytes(18).toString('base64url') })),
            uploadDeadline: apiDate(now + parts.length * WINDOW_PER_PART_MS),
          },
        };
        em.s.sessions[s.referenceNumber] = s;
        em.store.touch();
        return json(201, {
          referenceNumber: s.referenceNumber,
          partUploadRequests: s.batch!.parts.map((p) => ({
            ordinalNumber: p.ordinalNumber,
            method: 'PUT',
            url: em.url(`/__storage/upload/${s.referenceNumber}/${p.ordinalNumber}?sig=${p.uploadToken}`),
            headers: { 'x-ms-blob-type': 'BlockBlob' },
          })),
        });
      }),
      preValidate: batchPreChecks,
    },
    {
      ...r('POST', '/sessions/batch/{referenceNumber}/close', 'sessions.batch.close', (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceWrite', 'EnforcementOperations']);
        const s = sessionFor(em, a, ctx.params.referenceNumber!);
        if (s.type !== 'Batch') throw exception(21173);
        if (s.status.code !== 100) throw exception(21180, `Status sesji: ${s.status.code}.`);
        const b = s.batch!;
        const missing = b.parts.filter((p) => !p.uploadedB64);
        if (Date.now() > new Date(b.uploadDeadline).getTime() && missing.length) {
          s.status = SESSION_FAIL.cancelled('Przekroczono czas wysyłki');
          throw exception(21208);
        }
        if (missing.length) throw exception(21205, `Brak części: ${missing.map((p) => p.ordinalNumber).join(', ')}.`);
        const wrong = b.parts.find((p) => Buffer.from(p.uploadedB64!, 'base64').length !== p.fileSize);
        if (wrong) throw exception(21157, `Rozmiar przesłanej części ${wrong.ordinalNumber} nie zgadza się z zadeklarowanym.`);
        s.status = { ...BATCH.processing };
        s.dateUpdated = apiDate();
        em.later(() => processBatch(em, s));
        return noContent();
      }),
      group: 'batchSessionClose',
    },
  ];
}

/** The emulator's blob storage: presigned part uploads and downloads (no Bearer, not rate-limited). */
export function handleStorage(em: Emu, method: string, p: string, q: URLSearchParams, body: Buffer, headers: IncomingHttpHeaders): Reply {
  const blobErr = (status: number, code: string, message: string): Reply => ({
    status,
    raw: `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
    contentType: 'application/xml',
  });
  let m = /^\/upload\/([^/]+)\/(\d+)$/.exec(p);
  if (m && method === 'PUT') {
    const s = em.s.sessions[m[1]!];
    const part = s?.batch?.parts.find((x) => x.ordinalNumber === Number(m![2]));
    if (!s || !part || q.get('sig') !== part.uploadToken) return blobErr(401, 'AuthenticationFailed', 'Invalid signature.');
    if (Date.now() > new Date(s.batch!.uploadDeadline).getTime() || s.status.code !== 100) return blobErr(403, 'AuthorizationFailure', 'Upload window expired or session not open.');
    if (String(headers['x-ms-blob-type'] ?? '') !== 'BlockBlob') return blobErr(400, 'MissingRequiredHeader', 'x-ms-blob-type: BlockBlob is required.');
    part.uploadedB64 = body.toString('base64');
    em.store.touch();
    return { status: 201 };
  }
  if (method !== 'GET') return blobErr(405, 'UnsupportedHttpVerb', 'Unsupported method.');
  m = /^\/upo\/invoice\/([^/]+)$/.exec(p);
  if (m) {
    const inv = Object.values(em.s.invoices).find((i) => i.upoToken === m![1] && i.status.code === 200);
    if (!inv) return blobErr(404, 'BlobNotFound', 'The specified blob does not exist.');
    return upoReply(buildUpo(em, em.s.sessions[inv.sessionRef]!, [inv]));
  }
  m = /^\/upo\/session\/([^/]+)\/([^/]+)$/.exec(p);
  if (m) {
    const s = em.s.sessions[m[1]!];
    const xml = s && sessionUpoXml(em, s, m[2]!);
    if (!xml) return blobErr(404, 'BlobNotFound', 'The specified blob does not exist.');
    return upoReply(xml);
  }
  m = /^\/export\/([^/]+)\/(\d+)$/.exec(p);
  if (m) {
    const part = exportPart(em, m[1]!, Number(m[2]), q.get('sig') ?? '');
    if (!part) return blobErr(404, 'BlobNotFound', 'The specified blob does not exist.');
    return { status: 200, raw: part, contentType: 'application/octet-stream', headers: { 'x-ms-meta-hash': sha256b64(part) } };
  }
  return blobErr(404, 'BlobNotFound', 'The specified blob does not exist.');
}
