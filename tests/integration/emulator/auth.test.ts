import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, exceptionCode } from '@/tests/support/emulator-contract';
import { admin, authenticate, finalAuthStatus, randomNip, startXades } from '@/tests/support/emulator-flows';
import { makeSealCert, signAuthRequest, type TestCert } from '@/tests/support/emulator-sign';

let emu: RunningEmulator;
let api: ContractClient;
let rsaSeal: TestCert;
let ecSeal: TestCert;
const nip = randomNip();

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'raised' });
  api = new ContractClient(emu.baseUrl);
  rsaSeal = await makeSealCert(nip, 'rsa');
  ecSeal = await makeSealCert(nip, 'ec');
});
afterAll(async () => emu?.close());

describe('public keys and challenge', () => {
  it('publishes two certificates with ids derived from DER cert / SPKI', async () => {
    const r = await api.call('GET', '/security/public-key-certificates');
    expect(r.status).toBe(200);
    const usages = r.json.flatMap((c: { usage: string[] }) => c.usage).sort();
    expect(usages).toEqual(['KsefTokenEncryption', 'SymmetricKeyEncryption']);
    const { createHash, X509Certificate } = await import('node:crypto');
    for (const c of r.json) {
      const der = Buffer.from(c.certificate, 'base64');
      expect(c.certificateId).toBe(createHash('sha256').update(der).digest('base64'));
      const spki = new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' });
      expect(c.publicKeyId).toBe(createHash('sha256').update(spki).digest('base64'));
      expect(new X509Certificate(der).subject).toContain('Ministerstwo Finansów');
    }
  });

  it('issues a challenge in the official shape', async () => {
    const r = await api.call('POST', '/auth/challenge');
    expect(r.status).toBe(200);
    expect(r.json.challenge).toMatch(/^\d{8}-CR-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
    expect(Math.abs(r.json.timestampMs - Date.now())).toBeLessThan(5000);
    expect(r.json.clientIp).toBe('127.0.0.1');
  });
});

describe('XAdES authentication', () => {
  it.each([
    ['RSA', () => rsaSeal],
    ['EC P-256', () => ecSeal],
  ])('owner of its own context with a self-signed %s seal: status 200, redeem once, refresh', async (_n, cert) => {
    const t = await authenticate(api, cert(), nip);
    const status = await api.call('GET', `/auth/${t.referenceNumber}`, { token: t.accessToken });
    expect(status.json.isTokenRedeemed).toBe(true);
    const ref = await api.call('POST', '/auth/token/refresh', { token: t.refreshToken });
    expect(ref.status).toBe(200);
    expect(ref.json.accessToken.token).toBeTruthy();
    const sessions = await api.call('GET', '/auth/sessions', { token: t.accessToken });
    expect(sessions.status).toBe(200);
    expect(sessions.json.items.some((i: { isCurrent: boolean }) => i.isCurrent)).toBe(true);
  });

  it('accepts the 2.0 namespace too', async () => {
    await authenticate(api, rsaSeal, nip, { version: '2.0' });
  });

  it('redeem is single-use: second redeem answers 21301', async () => {
    const init = await startXades(api, rsaSeal, { contextNip: nip });
    const op = init.json.authenticationToken.token;
    expect((await api.call('POST', '/auth/token/redeem', { token: op })).status).toBe(200);
    const again = await api.call('POST', '/auth/token/redeem', { token: op });
    expect(again.status).toBe(400);
    expect(exceptionCode(again)).toBe(21301);
  });

  it('a challenge can be used once (21111 on reuse) and an unknown one is refused', async () => {
    const ch = await api.call('POST', '/auth/challenge');
    const xml = signAuthRequest({ challenge: ch.json.challenge, contextNip: nip }, rsaSeal);
    expect((await api.call('POST', '/auth/xades-signature', { raw: xml })).status).toBe(202);
    const reuse = await api.call('POST', '/auth/xades-signature', { raw: xml });
    expect(exceptionCode(reuse)).toBe(21111);
    const unknown = signAuthRequest({ challenge: '20250101-CR-0000000000-0000000000-00', contextNip: nip }, rsaSeal);
    expect(exceptionCode(await api.call('POST', '/auth/xades-signature', { raw: unknown }))).toBe(21111);
  });

  it('another subject without a grant ends in 415, with a grant in 200, after revocation refresh → 21301 and new auth → 415', async () => {
    const provider = randomNip();
    const tenant = randomNip();
    const providerSeal = await makeSealCert(provider, 'ec');
    const denied = await finalAuthStatus(api, providerSeal, tenant);
    expect(denied.status.code).toBe(415);
    expect(denied.status.details).toEqual(['Brak przypisanych uprawnień']);
    expect(exceptionCode(await api.call('POST', '/auth/token/redeem', { token: denied.opToken }))).toBe(21301);

    // The tenant's owner grants entity permissions through the API.
    const tenantSeal = await makeSealCert(tenant, 'rsa');
    const owner = await authenticate(api, tenantSeal, tenant);
    const grant = await api.call('POST', '/permissions/entities/grants', {
      token: owner.accessToken,
      body: {
        subjectIdentifier: { type: 'Nip', value: provider },
        permissions: [
          { type: 'InvoiceWrite', canDelegate: false },
          { type: 'InvoiceRead', canDelegate: false },
        ],
        description: 'Fakturowanie przez dostawcę',
        subjectDetails: { fullName: 'Dostawca Sp. z o.o.' },
      },
    });
    expect(grant.status, grant.text).toBe(202);
    const op = await api.call('GET', `/permissions/operations/${grant.json.referenceNumber}`, { token: owner.accessToken });
    expect(op.json.status.code).toBe(200);

    const t = await authenticate(api, providerSeal, tenant);
    // Provider's own context lists what it received.
    const own = await authenticate(api, providerSeal, provider);
    const received = await api.call('POST', '/permissions/query/entities/grants', { token: own.accessToken, body: {} });
    expect(received.json.permissions.map((p: { contextIdentifier: { value: string } }) => p.contextIdentifier.value)).toEqual([tenant, tenant]);
    // Tenant sees the grant and revokes it.
    const q = await api.call('POST', '/permissions/query/persons/grants', {
      token: owner.accessToken,
      body: { queryType: 'PermissionsInCurrentContext', authorizedIdentifier: { type: 'Nip', value: provider } },
    });
    expect(q.json.permissions).toHaveLength(2);
    for (const p of q.json.permissions) {
      const rev = await api.call('DELETE', `/permissions/common/grants/${p.id}`, { token: owner.accessToken });
      expect(rev.status).toBe(202);
    }
    const refresh = await api.call('POST', '/auth/token/refresh', { token: t.refreshToken });
    expect(refresh.status).toBe(400);
    expect(exceptionCode(refresh)).toBe(21301);
    expect((await finalAuthStatus(api, providerSeal, tenant)).status.code).toBe(415);
    // The access token issued before the revocation still works until it expires (uprawnienia.md).
    expect((await api.call('GET', '/limits/context', { token: t.accessToken })).status).toBe(200);
  });

  it('admin grants work like API grants; /testdata/permissions too', async () => {
    const provider = randomNip();
    const tenant = randomNip();
    const seal = await makeSealCert(provider, 'rsa');
    expect((await admin(emu.adminUrl, 'POST', '/grants', { contextNip: tenant, subjectNip: provider })).status).toBe(200);
    await authenticate(api, seal, tenant);
    const tenant2 = randomNip();
    const td = await api.call('POST', '/testdata/permissions', {
      body: {
        contextIdentifier: { type: 'Nip', value: tenant2 },
        authorizedIdentifier: { type: 'Nip', value: provider },
        permissions: [{ permissionType: 'InvoiceWrite', description: 'ZAW-FA testowe' }],
      },
    });
    expect(td.status).toBe(200);
    await authenticate(api, seal, tenant2);
  });

  it('missing permission answers 403 missing-permissions with present permissions', async () => {
    const provider = randomNip();
    const tenant = randomNip();
    await admin(emu.adminUrl, 'POST', '/grants', { contextNip: tenant, subjectNip: provider, permissions: ['InvoiceRead'] });
    const t = await authenticate(api, await makeSealCert(provider, 'ec'), tenant);
    const r = await api.call('POST', '/permissions/query/persons/grants', { token: t.accessToken, body: { queryType: 'PermissionsInCurrentContext' } });
    expect(r.status).toBe(403);
    expect(r.json.reasonCode).toBe('missing-permissions');
    expect(r.json.security.presentPermissions).toEqual(['InvoiceRead']);
  });

  it('401 problem details without or with a bad token; admin expire-tokens expires access tokens', async () => {
    expect((await api.call('GET', '/limits/context')).status).toBe(401);
    expect((await api.call('GET', '/limits/context', { token: 'x.y.z' })).json.title).toBe('Unauthorized');
    const ctxNip = randomNip();
    const t = await authenticate(api, await makeSealCert(ctxNip), ctxNip);
    expect((await api.call('GET', '/limits/context', { token: t.accessToken })).status).toBe(200);
    await admin(emu.adminUrl, 'POST', '/expire-tokens', { contextNip: ctxNip });
    expect((await api.call('GET', '/limits/context', { token: t.accessToken })).status).toBe(401);
    expect((await api.call('POST', '/auth/token/refresh', { token: t.refreshToken })).status).toBe(200);
  });

  it('IP policy in the AuthTokenRequest is enforced (403 ip-not-allowed)', async () => {
    const n = randomNip();
    const t = await authenticate(api, await makeSealCert(n), n, { allowedIps: ['10.1.2.3'] });
    const r = await api.call('GET', '/limits/context', { token: t.accessToken });
    expect(r.status).toBe(403);
    expect(r.json.reasonCode).toBe('ip-not-allowed');
  });

  it('blocked context (testdata) ends in 480', async () => {
    const n = randomNip();
    await api.call('POST', '/testdata/context/block', { body: { contextIdentifier: { type: 'Nip', value: n } } });
    expect((await finalAuthStatus(api, await makeSealCert(n), n)).status.code).toBe(480);
  });

  it('revoking the current auth session kills the refresh token (21301) and reports 425', async () => {
    const n = randomNip();
    const t = await authenticate(api, rsaSeal, nip);
    void n;
    expect((await api.call('DELETE', '/auth/sessions/current', { token: t.accessToken })).status).toBe(204);
    expect(exceptionCode(await api.call('POST', '/auth/token/refresh', { token: t.refreshToken }))).toBe(21301);
  });

  it('errors come as problem details when asked (X-Error-Format)', async () => {
    const r = await api.call('POST', '/auth/xades-signature', { raw: '<nope', headers: { 'X-Error-Format': 'problem-details' } });
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(r.json.errors[0].code).toBe(21001);
  });
});
