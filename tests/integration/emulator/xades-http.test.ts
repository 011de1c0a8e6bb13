/** XAdES authentication errors over HTTP, with the official exception codes (auth/podpis-xades.md, open-api.json). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, exceptionCode } from '@/tests/support/emulator-contract';
import { poll, randomNip } from '@/tests/support/emulator-flows';
import { certPem, makeSealCert, signAuthRequest, type TestCert } from '@/tests/support/emulator-sign';

let emu: RunningEmulator;
let api: ContractClient;
let seal: TestCert;
const nip = randomNip();

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'raised' });
  api = new ContractClient(emu.baseUrl);
  seal = await makeSealCert(nip, 'ec');
});
afterAll(async () => emu?.close());

async function post(mutate: (xml: string) => string | Buffer, cert = seal, o: { context?: string } = {}) {
  const ch = await api.call('POST', '/auth/challenge');
  const xml = signAuthRequest({ challenge: ch.json.challenge, contextNip: o.context ?? nip }, cert);
  return api.call('POST', '/auth/xades-signature', { raw: mutate(xml) });
}

describe('POST /auth/xades-signature errors', () => {
  it('9105 when any signed byte changes', async () => {
    expect(exceptionCode(await post((x) => x.replace(`<Nip>${nip}</Nip>`, `<Nip>${randomNip()}</Nip>`)))).toBe(9105);
    expect(exceptionCode(await post((x) => x.replace('certificateSubject', 'certificateFingerprint')))).toBe(9105);
  });
  it('21001 unreadable, 21217 not UTF-8, 9101 not an AuthTokenRequest, 9102 unsigned', async () => {
    expect(exceptionCode(await post(() => '<AuthTokenRequest'))).toBe(21001);
    expect(exceptionCode(await post((x) => Buffer.concat([Buffer.from(x), Buffer.from([0xff, 0xfe])])))).toBe(21217);
    expect(exceptionCode(await post(() => '<Other xmlns="urn:x"/>'))).toBe(9101);
    expect(exceptionCode(await post((x) => x.replace(/<ds:Signature[\s\S]*<\/ds:Signature>/, '')))).toBe(9102);
  });
  it('21401 with the validator text when the document breaks the XSD', async () => {
    const r = await post((x) => x.replace('<SubjectIdentifierType>certificateSubject</SubjectIdentifierType>', '<SubjectIdentifierType>nobody</SubjectIdentifierType>'));
    expect(exceptionCode(r)).toBe(21401);
    expect(r.json.exception.exceptionDetailList[0].details.join(' ')).toMatch(/SubjectIdentifierType/);
  });
  it('21115 for a certificate without a seal or personal profile', async () => {
    const odd = await makeSealCert(nip, 'rsa', { subject: `CN=Bez identyfikatora, C=PL` });
    expect(exceptionCode(await post((x) => x, odd))).toBe(21115);
  });
  it('certificateFingerprint subject authenticates after a grant to the fingerprint', async () => {
    const ctx = randomNip();
    await api.call('POST', '/testdata/permissions', {
      body: {
        contextIdentifier: { type: 'Nip', value: ctx },
        authorizedIdentifier: { type: 'Fingerprint', value: seal.fingerprint },
        permissions: [{ permissionType: 'InvoiceRead', description: 'Odcisk palca' }],
      },
    });
    const ch = await api.call('POST', '/auth/challenge');
    const r = await api.call('POST', '/auth/xades-signature', { raw: signAuthRequest({ challenge: ch.json.challenge, contextNip: ctx, subjectType: 'certificateFingerprint' }, seal) });
    const st = await poll(
      () => api.call('GET', `/auth/${r.json.referenceNumber}`, { token: r.json.authenticationToken.token }),
      (x) => x.json.status.code !== 100,
    );
    expect(st.json.status.code).toBe(200);
  });
  it('verifyCertificateChain=true refuses a self-signed certificate with status 460', async () => {
    const ch = await api.call('POST', '/auth/challenge');
    const r = await api.call('POST', '/auth/xades-signature', { raw: signAuthRequest({ challenge: ch.json.challenge, contextNip: nip }, seal), query: { verifyCertificateChain: true } });
    const st = await poll(
      () => api.call('GET', `/auth/${r.json.referenceNumber}`, { token: r.json.authenticationToken.token }),
      (x) => x.json.status.code !== 100,
    );
    expect(st.json.status.code).toBe(460);
  });
});

describe('requireTrustedCa', () => {
  it('accepts certificates issued by the configured CA and refuses self-signed ones (460)', async () => {
    const ca = await makeSealCert('0000000000', 'rsa', { subject: 'CN=Test CA, O=Test, C=PL' });
    const issued = await makeSealCert(nip, 'rsa', { issuer: { cert: ca, name: 'CN=Test CA, O=Test, C=PL' } });
    const strict = await startEmulator({ port: 0, rateLimits: 'raised', requireTrustedCa: { caCertsPem: [certPem(ca)] } });
    try {
      const sapi = new ContractClient(strict.baseUrl);
      for (const [cert, expected] of [
        [issued, 200],
        [seal, 460],
      ] as const) {
        const ch = await sapi.call('POST', '/auth/challenge');
        const r = await sapi.call('POST', '/auth/xades-signature', { raw: signAuthRequest({ challenge: ch.json.challenge, contextNip: nip }, cert) });
        const st = await poll(
          () => sapi.call('GET', `/auth/${r.json.referenceNumber}`, { token: r.json.authenticationToken.token }),
          (x) => x.json.status.code !== 100,
        );
        expect(st.json.status.code).toBe(expected);
      }
    } finally {
      await strict.close();
    }
  });
});
