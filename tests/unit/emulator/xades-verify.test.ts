/**
 * The emulator's XAdES verifier against documents signed by an independent signer (Node crypto, no
 * canonicalisation library; cross-checked with Debian's xmlsec1). Any change to a signed byte → 9105.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { SignatureError, verifyXades } from '@/emulator/xades-verify';
import { makeSealCert, signAuthRequest, type TestCert } from '@/tests/support/emulator-sign';

const CH = '20250101-CR-0123456789-ABCDEF0123-00';
let rsa: TestCert;
let ec: TestCert;

beforeAll(async () => {
  rsa = await makeSealCert('5265877635', 'rsa');
  ec = await makeSealCert('5265877635', 'ec');
});

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
function code(xml: string): number | 'ok' {
  try {
    verifyXades(parse(xml));
    return 'ok';
  } catch (e) {
    if (e instanceof SignatureError) return e.code;
    throw e;
  }
}

function xmlsec1(xml: string): boolean {
  const f = path.join(mkdtempSync(path.join(tmpdir(), 'xades-')), 's.xml');
  writeFileSync(f, xml);
  try {
    execFileSync('xmlsec1', ['--verify', '--insecure', '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', f], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

describe('XAdES verification', () => {
  it.each(['rsa', 'ec'] as const)('accepts a valid %s signature (also valid for xmlsec1)', (k) => {
    const xml = signAuthRequest({ challenge: CH, contextNip: '5265877635' }, k === 'rsa' ? rsa : ec);
    expect(xmlsec1(xml)).toBe(true);
    expect(code(xml)).toBe('ok');
  });

  it.each([
    ['the context NIP', (x: string) => x.replace('<Nip>5265877635</Nip>', '<Nip>5265877636</Nip>')],
    ['the challenge', (x: string) => x.replace(CH, CH.replace('0123456789', '0123456788'))],
    ['the SigningTime', (x: string) => x.replace(/<xades:SigningTime>(\d{4})/, (_m, y: string) => `<xades:SigningTime>${Number(y) - 1}`)],
    ['a DigestValue', (x: string) => x.replace(/<ds:DigestValue>(.)/, (_m, c: string) => `<ds:DigestValue>${c === 'A' ? 'B' : 'A'}`)],
    ['the SignatureValue', (x: string) => x.replace(/<ds:SignatureValue>(.)/, (_m, c: string) => `<ds:SignatureValue>${c === 'A' ? 'B' : 'A'}`)],
    ['the SignatureMethod', (x: string) => x.replace('xmldsig-more#rsa-sha256', 'xmldsig-more#rsa-sha512')],
  ])('rejects a change of %s with 9105 (xmlsec1 agrees)', (_what, tamper) => {
    const xml = tamper(signAuthRequest({ challenge: CH, contextNip: '5265877635' }, rsa));
    expect(xmlsec1(xml)).toBe(false);
    expect(code(xml)).toBe(9105);
  });

  it('rejects a certificate swapped in KeyInfo', async () => {
    const other = await makeSealCert('5265877635', 'rsa');
    const xml = signAuthRequest({ challenge: CH, contextNip: '5265877635' }, rsa).replace(rsa.der.toString('base64'), other.der.toString('base64'));
    expect(code(xml)).toBe(9105);
  });

  it('enforces the XAdES-BES profile: SignedProperties reference and matching SigningCertificate', async () => {
    expect(code(signAuthRequest({ challenge: CH, contextNip: '5265877635' }, rsa, { omitSignedProperties: true }))).toBe(9105);
    const other = await makeSealCert('1111111111', 'rsa');
    expect(code(signAuthRequest({ challenge: CH, contextNip: '5265877635' }, rsa, { certDigestOf: other.der }))).toBe(9105);
  });

  it('rejects RSA keys under 2048 bits', async () => {
    const weak = await makeSealCert('5265877635', 'rsa', { rsaBits: 1024 });
    expect(code(signAuthRequest({ challenge: CH, contextNip: '5265877635' }, weak))).toBe(9105);
  });

  it('9102 without a signature, 9103 with two', () => {
    const xml = signAuthRequest({ challenge: CH, contextNip: '5265877635' }, rsa);
    expect(code(xml.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, ''))).toBe(9102);
    const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(xml)![0];
    expect(code(xml.replace('</AuthTokenRequest>', `${sig}</AuthTokenRequest>`))).toBe(9103);
  });
});
