import { describe, expect, it } from 'vitest';
import { privateDecrypt, constants, createHash } from 'node:crypto';
import { aesDecrypt, encryptInvoice, generateSymmetricKey, prepareInvoice, selectPublicKey, sha256Base64, wrapSymmetricKey } from '@/lib/ksef/crypto';
import {
  errorFromAuthStatus,
  errorFromInvoiceStatus,
  errorFromResponse,
  KsefDuplicateInvoiceError,
  KsefPermissionError,
  KsefRateLimitError,
  KsefCertificateError,
  KsefSessionExpiredError,
  KsefInvoiceRejectedError,
} from '@/lib/ksef/errors';
import { renderMessage, translator } from '@/lib/i18n';
import { ksefErrorMessage } from '@/lib/invoices/status-reason';
import { kodIUrl, kodICaption } from '@/lib/ksef/qr';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { X509Certificate } from 'node:crypto';

describe('invoice encryption (AES-256-CBC, RSA-OAEP-SHA-256 key wrap)', () => {
  it('computes hashes and sizes as the spec defines and round-trips', () => {
    const xml = '<Faktura>zażółć gęślą jaźń</Faktura>';
    const p = prepareInvoice(xml);
    expect(p.invoiceSize).toBe(Buffer.byteLength(xml, 'utf8'));
    expect(p.invoiceHash).toBe(createHash('sha256').update(xml, 'utf8').digest('base64'));
    const k = generateSymmetricKey();
    const e = encryptInvoice(k, p);
    // ciphertext = 16 × (⌊size/16⌋ + 1), no IV prefix
    expect(e.encryptedInvoiceSize).toBe(16 * (Math.floor(p.invoiceSize / 16) + 1));
    const ct = Buffer.from(e.encryptedInvoiceContent, 'base64');
    expect(sha256Base64(ct)).toBe(e.encryptedInvoiceHash);
    expect(aesDecrypt(k, ct).toString('utf8')).toBe(xml);
  });

  it('refuses a BOM (it would change size and hash, and KSeF rejects it)', () => {
    expect(() => prepareInvoice(Buffer.from('\ufeff<a/>', 'utf8'))).toThrow(/BOM/);
  });

  it('wraps the key so that the MF private key recovers it (OAEP SHA-256)', async () => {
    // Stand-in for the MF certificate: any RSA certificate whose private key we hold.
    const dev = await generateDevCertificate({ nip: '1111111111', keyType: 'RSA' });
    const der = new X509Certificate(dev.certificatePem).raw.toString('base64');
    const k = generateSymmetricKey();
    const info = wrapSymmetricKey(k, { certificate: der, publicKeyId: 'x', validFrom: '2000-01-01', validTo: '2100-01-01', usage: ['SymmetricKeyEncryption'] });
    const key = privateDecrypt({ key: dev.privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(info.encryptedSymmetricKey, 'base64'));
    expect(key.equals(k.key)).toBe(true);
    expect(Buffer.from(info.initializationVector, 'base64')).toHaveLength(16);
  });

  it('selects the valid key with the right usage, latest validFrom first', () => {
    const now = new Date('2026-01-01');
    const c = (id: string, from: string, to: string, usage: string[]) => ({ certificate: id, publicKeyId: id, validFrom: from, validTo: to, usage });
    const chosen = selectPublicKey(
      [
        c('old', '2024-01-01', '2027-01-01', ['SymmetricKeyEncryption']),
        c('new', '2025-06-01', '2027-01-01', ['SymmetricKeyEncryption']),
        c('tok', '2025-12-01', '2027-01-01', ['KsefTokenEncryption']),
        c('expired', '2025-12-01', '2025-12-31', ['SymmetricKeyEncryption']),
      ],
      'SymmetricKeyEncryption',
      now,
    );
    expect(chosen.publicKeyId).toBe('new');
  });
});

describe('error mapping', () => {
  it('maps legacy 400 bodies by exception code', () => {
    const body = (code: number) => ({ exception: { exceptionDetailList: [{ exceptionCode: code, exceptionDescription: 'x', details: ['d'] }], serviceCtx: 'srv1' } });
    expect(errorFromResponse(400, body(21115))).toBeInstanceOf(KsefCertificateError);
    expect(errorFromResponse(400, body(21180))).toBeInstanceOf(KsefSessionExpiredError);
    expect(errorFromResponse(400, body(21405)).details).toContain('d');
    expect(errorFromResponse(400, body(21405)).traceId).toBe('srv1');
  });
  it('maps 403 problem details with present permissions, and 429 with Retry-After', () => {
    const e = errorFromResponse(403, {
      title: 'Forbidden',
      status: 403,
      reasonCode: 'missing-permissions',
      security: { requiredAnyOfPermissions: ['InvoiceWrite'], presentPermissions: ['InvoiceRead'] },
    });
    expect(e).toBeInstanceOf(KsefPermissionError);
    expect((e as KsefPermissionError).present).toEqual(['InvoiceRead']);
    const r = errorFromResponse(429, { status: { code: 429, description: 'Too Many Requests' } }, { retryAfterSec: 3 });
    expect(r).toBeInstanceOf(KsefRateLimitError);
    expect((r as KsefRateLimitError).retryAfterSec).toBe(3);
    expect(r.retryable).toBe(true);
  });
  it('maps authentication and invoice statuses to actionable causes, told as codes rendered per language', () => {
    const pl = (e: unknown) => renderMessage(translator('pl'), ksefErrorMessage(e));
    const en = (e: unknown) => renderMessage(translator('en'), ksefErrorMessage(e));
    expect(errorFromAuthStatus(415, 'x')).toBeInstanceOf(KsefPermissionError);
    expect(errorFromAuthStatus(460, 'x')).toBeInstanceOf(KsefCertificateError);
    const dup = errorFromInvoiceStatus({ code: 440, description: 'Duplikat faktury', extensions: { originalKsefNumber: '5265877635-20250826-0100001AF629-AF' } });
    expect(dup).toBeInstanceOf(KsefDuplicateInvoiceError);
    expect((dup as KsefDuplicateInvoiceError).originalKsefNumber).toBe('5265877635-20250826-0100001AF629-AF');
    const schema = errorFromInvoiceStatus({ code: 450, description: 'Błąd weryfikacji semantyki dokumentu faktury', details: ["Element 'P_2' is missing"] });
    expect(schema).toBeInstanceOf(KsefInvoiceRejectedError);
    expect([schema.reason, schema.reasonParams]).toEqual(['KSEF_INVOICE_REJECTED_DETAILS', { code: 450, details: "Błąd weryfikacji semantyki dokumentu faktury; Element 'P_2' is missing" }]);
    expect(pl(schema)).toBe("KSeF odrzucił fakturę (kod 450): Błąd weryfikacji semantyki dokumentu faktury; Element 'P_2' is missing");
    expect(en(schema)).toBe("KSeF rejected the invoice (code 450): Błąd weryfikacji semantyki dokumentu faktury; Element 'P_2' is missing");
    expect(en(errorFromInvoiceStatus({ code: 460 }))).toBe('KSeF rejected the invoice (code 460).');
    const scope = errorFromInvoiceStatus({ code: 410, description: 'x' });
    expect(scope.reason).toBe('KSEF_INVOICE_PERMISSION_SCOPE');
    expect(pl(scope)).toMatch(/uprawnień/);
    expect(en(scope)).toMatch(/permission scope/);
    expect(errorFromAuthStatus(480, 'x').reason).toBe('KSEF_AUTH_BLOCKED');
    expect(errorFromResponse(403, { reasonCode: 'ip-not-allowed' }).reason).toBe('KSEF_IP_NOT_ALLOWED');
    expect(errorFromResponse(503, {}).reason).toBe('KSEF_UNAVAILABLE'); // the code itself when nothing more is known
    expect(pl(new Error('boom'))).toBe('Nieoczekiwany błąd komunikacji z KSeF.');
    expect(en(new Error('boom'))).toBe('Unexpected error talking to KSeF.');
  });
});

describe('KOD I', () => {
  it('builds the verification link of kody-qr.md', () => {
    const url = kodIUrl({ environment: 'TEST', sellerNip: '1111111111', issueDate: '2026-02-01', invoiceHash: 'UtQp9Gpc51y+u3xApZjIjgkpZ01js+J8KflSPW8WzIE=' });
    expect(url).toBe('https://qr-test.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/UtQp9Gpc51y-u3xApZjIjgkpZ01js-J8KflSPW8WzIE');
    expect(kodIUrl({ environment: 'PRD', sellerNip: '1111111111', issueDate: '2026-02-01', invoiceHash: 'a/b+c=' })).toBe('https://qr.ksef.mf.gov.pl/invoice/1111111111/01-02-2026/a_b-c');
    expect(kodICaption(null)).toBe('OFFLINE');
    expect(kodICaption('5265877635-20250826-0100001AF629-AF')).toBe('5265877635-20250826-0100001AF629-AF');
  });
});
