import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDecipheriv, randomBytes } from 'node:crypto';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, exceptionCode } from '@/tests/support/emulator-contract';
import { admin, authenticate, fa3Invoice, poll, randomNip, type Tokens } from '@/tests/support/emulator-flows';
import { aesEncrypt, encryptedInvoicePayload, makeSealCert, newSessionKey, sha256b64, type SessionKey } from '@/tests/support/emulator-sign';

let emu: RunningEmulator;
let api: ContractClient;
let symCert: { certificate: string; publicKeyId: string };
const provider = randomNip();
const tenant = randomNip();
const buyer = randomNip();
let t: Tokens;
const FORM = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const UPO_XSD = path.resolve(import.meta.dirname, '../../../emulator/schemas/upo-v4-3.xsd');

/** CRC-8 (poly 0x07, init 0) written here independently of the emulator. */
function crc8(s: string): string {
  let c = 0;
  for (const b of Buffer.from(s)) {
    c ^= b;
    for (let i = 0; i < 8; i++) c = c & 0x80 ? ((c << 1) ^ 7) & 0xff : (c << 1) & 0xff;
  }
  return c.toString(16).toUpperCase().padStart(2, '0');
}

/** Independent UPO check with Debian's xmllint against the official XSD. */
function xmllintValid(xml: string): boolean {
  const dir = mkdtempSync(path.join(tmpdir(), 'upo-'));
  const f = path.join(dir, 'upo.xml');
  writeFileSync(f, xml);
  try {
    execFileSync('xmllint', ['--noout', '--nonet', '--schema', UPO_XSD, f], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

async function openOnline(tokens: Tokens, key: SessionKey = newSessionKey(symCert)) {
  const r = await api.call('POST', '/sessions/online', {
    token: tokens.accessToken,
    body: { formCode: FORM, encryption: { encryptedSymmetricKey: key.encryptedSymmetricKey, initializationVector: key.initializationVector, publicKeyId: key.publicKeyId } },
  });
  expect(r.status, r.text).toBe(201);
  expect(r.json.referenceNumber).toMatch(/^\d{8}-SO-/);
  return { ref: r.json.referenceNumber as string, key };
}

async function send(tokens: Tokens, ref: string, key: SessionKey, xml: Buffer, extra: Record<string, unknown> = {}) {
  return api.call('POST', `/sessions/online/${ref}/invoices`, { token: tokens.accessToken, body: encryptedInvoicePayload(key, xml, extra) });
}

async function invoiceStatus(tokens: Tokens, ref: string, invRef: string) {
  return poll(
    () => api.call('GET', `/sessions/${ref}/invoices/${invRef}`, { token: tokens.accessToken }),
    (r) => r.json.status.code >= 200,
  );
}

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'raised' });
  api = new ContractClient(emu.baseUrl);
  const keys = await api.call('GET', '/security/public-key-certificates');
  symCert = keys.json.find((k: { usage: string[] }) => k.usage.includes('SymmetricKeyEncryption'));
  await admin(emu.adminUrl, 'POST', '/grants', { contextNip: tenant, subjectNip: provider, permissions: ['InvoiceWrite', 'InvoiceRead'] });
  t = await authenticate(api, await makeSealCert(provider, 'ec'), tenant);
});
afterAll(async () => emu?.close());

describe('online session (provider in a tenant context)', () => {
  it('accepts an encrypted FA(3), numbers it with a valid CRC, builds UPOs valid per upo-v4-3.xsd', async () => {
    const { ref, key } = await openOnline(t);
    const xml = fa3Invoice({ seller: tenant, buyer });
    const sent = await send(t, ref, key, xml);
    expect(sent.status, sent.text).toBe(202);
    const st = await invoiceStatus(t, ref, sent.json.referenceNumber);
    expect(st.json.status.code, JSON.stringify(st.json.status)).toBe(200);
    const n: string = st.json.ksefNumber;
    expect(n).toMatch(new RegExp(`^${tenant}-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}$`));
    expect(n.slice(33)).toBe(crc8(n.slice(0, 32)));
    expect(st.json.invoiceHash).toBe(sha256b64(xml));
    expect(st.json.invoicingMode).toBe('Online');

    const upo = await api.call('GET', `/sessions/${ref}/invoices/${sent.json.referenceNumber}/upo`, { token: t.accessToken });
    expect(upo.status).toBe(200);
    expect(upo.headers.get('x-ms-meta-hash')).toBe(sha256b64(upo.bytes));
    expect(upo.text).toContain(`<NumerKSeFDokumentu>${n}</NumerKSeFDokumentu>`);
    expect(xmllintValid(upo.text)).toBe(true);
    const presigned = await fetch(st.json.upoDownloadUrl);
    expect(await presigned.text()).toBe(upo.text);

    expect((await api.call('POST', `/sessions/online/${ref}/close`, { token: t.accessToken })).status).toBe(204);
    const ss = await poll(
      () => api.call('GET', `/sessions/${ref}`, { token: t.accessToken }),
      (r) => r.json.status.code >= 200,
    );
    expect(ss.json.status.code).toBe(200);
    expect(ss.json.successfulInvoiceCount).toBe(1);
    const page = ss.json.upo.pages[0];
    const sessUpo = await api.call('GET', `/sessions/${ref}/upo/${page.referenceNumber}`, { token: t.accessToken });
    expect(xmllintValid(sessUpo.text)).toBe(true);
    expect(sessUpo.text).toContain('<CalkowitaLiczbaDokumentow>1</CalkowitaLiczbaDokumentow>');
    // Sending into a closed session: 21180.
    expect(exceptionCode(await send(t, ref, key, fa3Invoice({ seller: tenant, buyer })))).toBe(21180);
    const list = await api.call('GET', '/sessions', { token: t.accessToken, query: { sessionType: 'Online' } });
    expect(list.json.sessions.map((s: { referenceNumber: string }) => s.referenceNumber)).toContain(ref);
  });

  it('rejects tampered ciphertext synchronously: size 21402, hash 21403', async () => {
    const { ref, key } = await openOnline(t);
    const body = encryptedInvoicePayload(key, fa3Invoice({ seller: tenant, buyer }));
    const bad = await api.call('POST', `/sessions/online/${ref}/invoices`, { token: t.accessToken, body: { ...body, encryptedInvoiceSize: body.encryptedInvoiceSize + 16 } });
    expect(exceptionCode(bad)).toBe(21402);
    const ct = Buffer.from(body.encryptedInvoiceContent, 'base64');
    ct[5]! ^= 1;
    const tampered = await api.call('POST', `/sessions/online/${ref}/invoices`, { token: t.accessToken, body: { ...body, encryptedInvoiceContent: ct.toString('base64') } });
    expect(exceptionCode(tampered)).toBe(21403);
  });

  it('reports asynchronous failures per invoice: 430 plaintext hash, 435 decryption, 450 XSD, 410 foreign seller, 440 duplicate', async () => {
    const { ref, key } = await openOnline(t);
    const xml = fa3Invoice({ seller: tenant, buyer });
    const wrongHash = await send(t, ref, key, xml, { invoiceHash: sha256b64('other') });
    expect((await invoiceStatus(t, ref, wrongHash.json.referenceNumber)).json.status.code).toBe(430);

    const garbage = randomBytes(64);
    const undecryptable = await api.call('POST', `/sessions/online/${ref}/invoices`, {
      token: t.accessToken,
      body: { invoiceHash: sha256b64(xml), invoiceSize: xml.length, encryptedInvoiceHash: sha256b64(garbage), encryptedInvoiceSize: 64, encryptedInvoiceContent: garbage.toString('base64') },
    });
    expect((await invoiceStatus(t, ref, undecryptable.json.referenceNumber)).json.status.code).toBe(435);

    const invalid = Buffer.from(xml.toString('utf8').replace(/<P_15>[^<]*<\/P_15>/, ''));
    const st450 = await invoiceStatus(t, ref, (await send(t, ref, key, invalid)).json.referenceNumber);
    expect(st450.json.status.code).toBe(450);
    expect(st450.json.status.details.join(' ')).toMatch(/P_15|expected/i);

    const foreign = await send(t, ref, key, fa3Invoice({ seller: randomNip(), buyer }));
    expect((await invoiceStatus(t, ref, foreign.json.referenceNumber)).json.status.code).toBe(410);

    const number = `DUP/${Date.now()}`;
    const first = await invoiceStatus(t, ref, (await send(t, ref, key, fa3Invoice({ seller: tenant, buyer, number }))).json.referenceNumber);
    expect(first.json.status.code).toBe(200);
    const dup = await invoiceStatus(t, ref, (await send(t, ref, key, fa3Invoice({ seller: tenant, buyer, number }))).json.referenceNumber);
    expect(dup.json.status.code).toBe(440);
    expect(dup.json.status.extensions.originalKsefNumber).toBe(first.json.ksefNumber);

    const failed = await api.call('GET', `/sessions/${ref}/invoices/failed`, { token: t.accessToken });
    expect(failed.json.invoices.map((i: { status: { code: number } }) => i.status.code).sort()).toEqual([410, 430, 435, 440, 450]);
    expect(exceptionCode(await api.call('GET', `/sessions/${ref}/invoices/${dup.json.referenceNumber}/upo`, { token: t.accessToken }))).toBe(21178);
  });

  it("X-KSeF-Feature: subject-identifier-validation checks the parties' NIP checksums (450); without it TEST accepts them (API 2.8.0)", async () => {
    const good = randomNip();
    const badBuyer = good.slice(0, 9) + String((Number(good[9]) + 1) % 10);
    const key = newSessionKey(symCert);
    const open = await api.call('POST', '/sessions/online', {
      token: t.accessToken,
      headers: { 'X-KSeF-Feature': 'subject-identifier-validation' },
      body: { formCode: FORM, encryption: { encryptedSymmetricKey: key.encryptedSymmetricKey, initializationVector: key.initializationVector, publicKeyId: key.publicKeyId } },
    });
    expect(open.status, open.text).toBe(201);
    const ref = open.json.referenceNumber as string;
    const checked = await invoiceStatus(t, ref, (await send(t, ref, key, fa3Invoice({ seller: tenant, buyer: badBuyer }))).json.referenceNumber);
    expect(checked.json.status.code).toBe(450);
    expect(checked.json.status.details).toEqual([`Nieprawidłowy numer NIP ${badBuyer} (Podmiot2): błędna suma kontrolna.`]);
    expect((await invoiceStatus(t, ref, (await send(t, ref, key, fa3Invoice({ seller: tenant, buyer: good }))).json.referenceNumber)).json.status.code).toBe(200);
    const plain = await openOnline(t);
    expect((await invoiceStatus(t, plain.ref, (await send(t, plain.ref, plain.key, fa3Invoice({ seller: tenant, buyer: badBuyer }))).json.referenceNumber)).json.status.code).toBe(200);
  });

  it('a session key that cannot be unwrapped fails the session with 415', async () => {
    const key = newSessionKey(symCert);
    const broken = { ...key, encryptedSymmetricKey: Buffer.from(randomBytes(256)).toString('base64') };
    const { ref } = await openOnline(t, broken);
    const st = await poll(
      () => api.call('GET', `/sessions/${ref}`, { token: t.accessToken }),
      (r) => r.json.status.code !== 100,
    );
    expect(st.json.status.code).toBe(415);
  });

  it('unknown publicKeyId → 21470; session of another context → 21173; closing with nothing sent → 440', async () => {
    const key = newSessionKey(symCert);
    const r = await api.call('POST', '/sessions/online', { token: t.accessToken, body: { formCode: FORM, encryption: { ...key, key: undefined, iv: undefined, publicKeyId: sha256b64('nope') } } });
    expect(exceptionCode(r)).toBe(21470);
    const own = randomNip();
    const other = await authenticate(api, await makeSealCert(own), own);
    const { ref } = await openOnline(t);
    expect(exceptionCode(await api.call('GET', `/sessions/${ref}`, { token: other.accessToken }))).toBe(21173);
    await api.call('POST', `/sessions/online/${ref}/close`, { token: t.accessToken });
    const st = await poll(
      () => api.call('GET', `/sessions/${ref}`, { token: t.accessToken }),
      (x) => x.json.status.code >= 200,
    );
    expect(st.json.status.code).toBe(440);
  });

  it('after the grant is revoked, invoices in an open session fail with 410', async () => {
    const p = randomNip();
    const c = randomNip();
    await admin(emu.adminUrl, 'POST', '/grants', { contextNip: c, subjectNip: p });
    const tok = await authenticate(api, await makeSealCert(p), c);
    const { ref, key } = await openOnline(tok);
    await admin(emu.adminUrl, 'POST', '/revoke', { contextNip: c, subjectNip: p });
    const sent = await send(tok, ref, key, fa3Invoice({ seller: c, buyer }));
    expect(sent.status).toBe(202);
    expect((await invoiceStatus(tok, ref, sent.json.referenceNumber)).json.status.code).toBe(410);
  });
});

describe('batch session', () => {
  it('uploads encrypted parts to the returned URLs, processes the ZIP and numbers each invoice', async () => {
    const files = { 'a.xml': fa3Invoice({ seller: tenant, buyer }), 'b.xml': fa3Invoice({ seller: tenant, buyer }) };
    const zip = Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new Uint8Array(v)]))));
    const key = newSessionKey(symCert);
    const half = Math.ceil(zip.length / 2);
    const parts = [zip.subarray(0, half), zip.subarray(half)].map((p) => aesEncrypt(key, p));
    const open = await api.call('POST', '/sessions/batch', {
      token: t.accessToken,
      body: {
        formCode: FORM,
        batchFile: { fileSize: zip.length, fileHash: sha256b64(zip), fileParts: parts.map((p, i) => ({ ordinalNumber: i + 1, fileSize: p.length, fileHash: sha256b64(p) })) },
        encryption: { encryptedSymmetricKey: key.encryptedSymmetricKey, initializationVector: key.initializationVector, publicKeyId: key.publicKeyId },
      },
    });
    expect(open.status, open.text).toBe(201);
    const ref = open.json.referenceNumber;
    // Closing before the upload: 21205.
    expect(exceptionCode(await api.call('POST', `/sessions/batch/${ref}/close`, { token: t.accessToken }))).toBe(21205);
    for (const u of open.json.partUploadRequests) {
      const res = await fetch(u.url, { method: u.method, headers: u.headers, body: parts[u.ordinalNumber - 1] as unknown as BodyInit });
      expect(res.status).toBe(201);
    }
    expect((await api.call('POST', `/sessions/batch/${ref}/close`, { token: t.accessToken })).status).toBe(204);
    const st = await poll(
      () => api.call('GET', `/sessions/${ref}`, { token: t.accessToken }),
      (r) => r.json.status.code >= 200,
    );
    expect(st.json.status.code, JSON.stringify(st.json.status)).toBe(200);
    const invs = await api.call('GET', `/sessions/${ref}/invoices`, { token: t.accessToken });
    expect(invs.json.invoices.map((i: { invoiceFileName: string }) => i.invoiceFileName)).toEqual(['a.xml', 'b.xml']);
    expect(invs.json.invoices.every((i: { ksefNumber: string }) => i.ksefNumber)).toBe(true);
  });

  it('refuses more than 50 parts (21161) and parts over 100 MB (21157)', async () => {
    const key = newSessionKey(symCert);
    const enc = { encryptedSymmetricKey: key.encryptedSymmetricKey, initializationVector: key.initializationVector };
    const mk = (n: number, size: number) => ({
      fileSize: 1,
      fileHash: sha256b64('x'),
      fileParts: Array.from({ length: n }, (_, i) => ({ ordinalNumber: i + 1, fileSize: size, fileHash: sha256b64('x') })),
    });
    expect(exceptionCode(await api.call('POST', '/sessions/batch', { token: t.accessToken, body: { formCode: FORM, batchFile: mk(51, 16), encryption: enc } }))).toBe(21161);
    expect(exceptionCode(await api.call('POST', '/sessions/batch', { token: t.accessToken, body: { formCode: FORM, batchFile: mk(1, 100_000_016), encryption: enc } }))).toBe(21157);
  });
});

describe('receiving (buyer context, Subject2)', () => {
  it('finds the invoice by metadata query, downloads the original bytes, exports a package', async () => {
    const { ref, key } = await openOnline(t);
    const xml = fa3Invoice({ seller: tenant, buyer });
    const sent = await send(t, ref, key, xml);
    const st = await invoiceStatus(t, ref, sent.json.referenceNumber);
    const buyerTok = await authenticate(api, await makeSealCert(buyer), buyer);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const q = await api.call('POST', '/invoices/query/metadata', {
      token: buyerTok.accessToken,
      body: { subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from } },
    });
    expect(q.status, q.text).toBe(200);
    expect(q.json.invoices.map((i: { ksefNumber: string }) => i.ksefNumber)).toContain(st.json.ksefNumber);
    expect(q.json.permanentStorageHwmDate).toBeTruthy();
    const asSeller = await api.call('POST', '/invoices/query/metadata', { token: buyerTok.accessToken, body: { subjectType: 'Subject1', dateRange: { dateType: 'Invoicing', from } } });
    expect(asSeller.json.invoices).toEqual([]);
    // API 2.7.1: the range may span 100 days (UTC), no more.
    const range = (days: number) => ({ dateType: 'Invoicing', from: new Date(Date.now() - days * 86400_000).toISOString(), to: new Date().toISOString() });
    expect((await api.call('POST', '/invoices/query/metadata', { token: buyerTok.accessToken, body: { subjectType: 'Subject2', dateRange: range(100) } })).status).toBe(200);
    expect(exceptionCode(await api.call('POST', '/invoices/query/metadata', { token: buyerTok.accessToken, body: { subjectType: 'Subject2', dateRange: range(100.01) } }))).toBe(21405);

    const dl = await api.call('GET', `/invoices/ksef/${st.json.ksefNumber}`, { token: buyerTok.accessToken });
    expect(dl.status).toBe(200);
    expect(dl.bytes.equals(xml)).toBe(true);
    expect(dl.headers.get('x-ms-meta-hash')).toBe(sha256b64(xml));

    const ek = newSessionKey(symCert);
    const ex = await api.call('POST', '/invoices/exports', {
      token: buyerTok.accessToken,
      body: {
        encryption: { encryptedSymmetricKey: ek.encryptedSymmetricKey, initializationVector: ek.initializationVector },
        filters: { subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from, restrictToPermanentStorageHwmDate: true } },
      },
    });
    expect(ex.status, ex.text).toBe(201);
    const es = await poll(
      () => api.call('GET', `/invoices/exports/${ex.json.referenceNumber}`, { token: buyerTok.accessToken }),
      (r) => r.json.status.code !== 100,
    );
    expect(es.json.status.code).toBe(200);
    expect(es.json.package.compressionType).toBe('Zip'); // API 2.7.1
    const part = es.json.package.parts[0];
    const enc = Buffer.from(await (await fetch(part.url)).arrayBuffer());
    expect(sha256b64(enc)).toBe(part.encryptedPartHash);
    const d = createDecipheriv('aes-256-cbc', ek.key, ek.iv);
    const zip = Buffer.concat([d.update(enc), d.final()]);
    const entries = unzipSync(new Uint8Array(zip));
    expect(Buffer.from(entries[`${st.json.ksefNumber}.xml`]!).equals(xml)).toBe(true);
    const meta = JSON.parse(Buffer.from(entries['_metadata.json']!).toString()).invoices as { ksefNumber: string }[];
    expect(meta.map((m) => m.ksefNumber)).toContain(st.json.ksefNumber);
  });
});
