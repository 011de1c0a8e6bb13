import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import xpath from 'xpath';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { signXades } from '@/lib/ksef/auth/xades';
import { buildAuthTokenRequest } from '@/lib/ksef/auth/auth-token-request';

const dir = mkdtempSync(path.join(tmpdir(), 'ksef-xades-'));

function xmlsecVerify(xml: string, certPem: string): boolean {
  const f = path.join(dir, `s-${Math.random().toString(36).slice(2)}.xml`);
  const c = path.join(dir, `c-${Math.random().toString(36).slice(2)}.pem`);
  writeFileSync(f, xml);
  writeFileSync(c, certPem);
  try {
    execFileSync('xmlsec1', ['--verify', '--trusted-pem', c, '--id-attr:Id', 'http://uri.etsi.org/01903/v1.3.2#:SignedProperties', f], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function xmlCryptoVerify(xml: string, certPem: string): boolean {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const sigNode = xpath.select1("//*[local-name(.)='Signature' and namespace-uri(.)='http://www.w3.org/2000/09/xmldsig#']", doc as unknown as Node) as Node;
  const sig = new SignedXml({ publicCert: certPem, getCertFromKeyInfo: () => null });
  sig.loadSignature(sigNode as never);
  try {
    return sig.checkSignature(xml);
  } catch {
    return false;
  }
}

const request = buildAuthTokenRequest({ challenge: '20250514-CR-226FB7B000-3ACF9BE4C0-10', context: { type: 'Nip', value: '5265877635' } });

describe('XAdES signing of AuthTokenRequest', () => {
  for (const keyType of ['RSA', 'EC'] as const) {
    it(`${keyType}: xmlsec1 verifies the signature and rejects a tampered context`, async () => {
      const dev = await generateDevCertificate({ nip: '1111111111', keyType });
      const signed = await signXades(request, credentialFromPem(dev.certificatePem, dev.privateKeyPem));
      expect(xmlsecVerify(signed, dev.certificatePem)).toBe(true);
      expect(xmlsecVerify(signed.replace('<Nip>5265877635</Nip>', '<Nip>5265877636</Nip>'), dev.certificatePem)).toBe(false);
    });
  }

  it('RSA: xml-crypto verifies it independently', async () => {
    const dev = await generateDevCertificate({ nip: '1111111111', keyType: 'RSA' });
    const signed = await signXades(request, credentialFromPem(dev.certificatePem, dev.privateKeyPem));
    expect(xmlCryptoVerify(signed, dev.certificatePem)).toBe(true);
    expect(xmlCryptoVerify(signed.replace('certificateSubject', 'certificateFingerprint'), dev.certificatePem)).toBe(false);
  });

  it('has the XAdES-BES shape KSeF enforces (exc-c14n, SignedProperties reference with Type, SigningCertificate)', async () => {
    const dev = await generateDevCertificate({ nip: '1111111111', keyType: 'EC' });
    const signed = await signXades(request, credentialFromPem(dev.certificatePem, dev.privateKeyPem));
    expect(signed).toContain('<ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>');
    expect(signed).toContain('http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256');
    expect(signed).toMatch(
      /<ds:Reference URI="#xades-[^"]+" Type="http:\/\/uri.etsi.org\/01903#SignedProperties"><ds:Transforms><ds:Transform Algorithm="http:\/\/www.w3.org\/2001\/10\/xml-exc-c14n#"\/>/,
    );
    expect(signed).toContain('<xades:SigningCertificate>');
    // ECDSA P-256 SignatureValue must be raw r||s (64 bytes), not DER (~70–72 bytes).
    const sv = /<ds:SignatureValue>([^<]+)<\/ds:SignatureValue>/.exec(signed)![1]!;
    expect(Buffer.from(sv, 'base64').length).toBe(64);
    // Signature is the last child of the root (enveloped).
    expect(signed.trimEnd().endsWith('</ds:Signature></AuthTokenRequest>')).toBe(true);
  });

  it('the AuthTokenRequest validates against the official XSD 2.1 (xmllint)', async () => {
    const f = path.join(dir, 'req.xml');
    writeFileSync(
      f,
      buildAuthTokenRequest({ challenge: '20250514-CR-226FB7B000-3ACF9BE4C0-10', context: { type: 'Nip', value: '5265877635' }, allowedIps: { ip4Addresses: ['10.0.0.1'], ip4Masks: ['10.0.0.0/8'] } }),
    );
    const xsd = path.resolve(import.meta.dirname, '../../../emulator/schemas/schemat_auth_v2-1.xsd');
    let ok = true;
    try {
      execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsd, f], { stdio: 'pipe' });
    } catch (e) {
      ok = false;
      if ((e as { code?: string }).code === 'ENOENT') return; // xmllint not installed: nothing to check
    }
    expect(ok).toBe(true);
  });
});
