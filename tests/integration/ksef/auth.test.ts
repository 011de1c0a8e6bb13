/**
 * Authentication against the emulator over HTTP: XAdES (RSA and EC seals) in a tenant's context after
 * an entity grant, KSeF-token authentication, token caching/refresh, expiry and revocation mid-run,
 * and transient faults on the public auth endpoints.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KsefPermissionError } from '@/lib/ksef/errors';
import { KsefClient } from '@/lib/ksef/ksef-client';
import { KsefTokenAuthenticator } from '@/lib/ksef/auth/ksef-token';
import { checkAccess, grantEntityPermissions, queryPersonalPermissions, queryReceivedEntityPermissions } from '@/lib/ksef/permissions';
import { createProvider, createTenant, startKsefEmulator, tenantOwnerClient, uniqueNip, type KsefTestEnv } from '@/tests/support/ksef-emulator';

let env: KsefTestEnv;
beforeAll(async () => {
  env = await startKsefEmulator();
});
afterAll(() => env?.close());

describe('provider authentication in a tenant context', () => {
  for (const keyType of ['RSA', 'EC'] as const) {
    it(`${keyType} seal: authenticates in the tenant's context and sees InvoiceWrite/InvoiceRead`, async () => {
      const provider = await createProvider(env, keyType);
      const tenant = await createTenant(env, provider.nip);
      const access = await checkAccess(provider.client().context(tenant));
      expect(access.authenticated).toBe(true);
      expect(access.permissions).toEqual(expect.arrayContaining(['InvoiceRead', 'InvoiceWrite']));
      expect(access.canSend).toBe(true);
    });
  }

  it('a tenant that granted nothing: status 415 → KsefPermissionError with its reason code, no tokens kept', async () => {
    const provider = await createProvider(env);
    const client = provider.client();
    const ctx = client.context(uniqueNip());
    const access = await checkAccess(ctx);
    expect(access.authenticated).toBe(false);
    expect(access.error).toBeInstanceOf(KsefPermissionError);
    expect(access.error!.reason).toBe('KSEF_AUTH_NO_PERMISSIONS');
    expect(client.tokens.peek(ctx.key)).toBeUndefined();
  });

  it('the real grant flow: tenant owner grants through POST /permissions/entities/grants; provider sees it from its own context', async () => {
    const provider = await createProvider(env);
    const tenant = uniqueNip();
    const owner = (await tenantOwnerClient(env, tenant)).context(tenant);
    const op = await grantEntityPermissions(owner, provider.nip, { fullName: `Dostawca ${provider.nip}` });
    expect(op.status.code).toBe(200);
    const client = provider.client();
    expect((await checkAccess(client.context(tenant))).canSend).toBe(true);
    const received = await queryReceivedEntityPermissions(client.own());
    expect(
      received
        .filter((p) => p.contextIdentifier.value === tenant)
        .map((p) => p.permissionScope)
        .sort(),
    ).toEqual(['InvoiceRead', 'InvoiceWrite']);
  });

  it('single-flight: 15 concurrent calls in one context authenticate once', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    const client = provider.client();
    const ctx = client.context(tenant);
    await Promise.all(Array.from({ length: 15 }, () => queryPersonalPermissions(ctx)));
    expect(client.tokens.stats.authentications).toBe(1);
  });

  it('access token expired mid-run: the next call refreshes and succeeds', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    const client = provider.client();
    const ctx = client.context(tenant);
    await queryPersonalPermissions(ctx);
    await env.admin('POST', '/expire-tokens', { contextNip: tenant, kind: 'access' });
    await new Promise((r) => setTimeout(r, 2100)); // the emulator cuts off at +1 s and JWT iat has second resolution
    await queryPersonalPermissions(ctx);
    expect(client.tokens.stats.refreshes).toBe(1);
    expect(client.tokens.stats.authentications).toBe(1);
  });

  it('refresh token expired too: the client authenticates again transparently', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    const client = provider.client();
    const ctx = client.context(tenant);
    await queryPersonalPermissions(ctx);
    await env.admin('POST', '/expire-tokens', { contextNip: tenant, kind: 'all' });
    await new Promise((r) => setTimeout(r, 2100));
    await queryPersonalPermissions(ctx);
    expect(client.tokens.stats.authentications).toBe(2);
  });

  it('refresh ahead of expiry with a short-lived access token (no 401 needed)', async () => {
    const short = await startKsefEmulator({ accessTokenTtlSec: 4 });
    try {
      const provider = await createProvider(short);
      const tenant = await createTenant(short, provider.nip);
      const client = provider.client();
      const ctx = client.context(tenant);
      await queryPersonalPermissions(ctx);
      await new Promise((r) => setTimeout(r, 3_200)); // inside the last quarter of the lifetime
      await queryPersonalPermissions(ctx);
      expect(client.tokens.stats.refreshes).toBe(1);
      expect(client.http.stats.requests).toBeGreaterThan(0);
    } finally {
      await short.close();
    }
  });

  it('permission revoked mid-run: once the token runs out the client re-authenticates, gets 415, and drops the context', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    const client = provider.client();
    const ctx = client.context(tenant);
    await queryPersonalPermissions(ctx);
    await env.admin('POST', '/revoke', { contextNip: tenant, subjectNip: provider.nip });
    await env.admin('POST', '/expire-tokens', { contextNip: tenant, kind: 'access' });
    await new Promise((r) => setTimeout(r, 2100));
    await expect(queryPersonalPermissions(ctx)).rejects.toBeInstanceOf(KsefPermissionError);
    expect(client.tokens.peek(ctx.key)).toBeUndefined();
    expect((await checkAccess(ctx)).authenticated).toBe(false);
  });

  it('transient 500/503/timeout on public auth endpoints are retried', async () => {
    const provider = await createProvider(env);
    const tenant = await createTenant(env, provider.nip);
    await env.admin('POST', '/faults', { operation: 'POST /auth/challenge', mode: 'http503', count: 2 });
    await env.admin('POST', '/faults', { operation: 'GET /auth/{referenceNumber}', mode: 'http500', count: 1 });
    await env.admin('POST', '/faults', { operation: 'POST /auth/token/refresh', mode: 'timeout', count: 1 });
    const client = provider.client({ timeoutMs: 1_500 });
    const ctx = client.context(tenant);
    expect((await checkAccess(ctx)).authenticated).toBe(true);
    expect(client.http.stats.retries).toBeGreaterThanOrEqual(3);
    await env.admin('DELETE', '/faults');
  });

  it('KSeF-token authentication (token created by the tenant owner)', async () => {
    const tenant = uniqueNip();
    const owner = (await tenantOwnerClient(env, tenant)).context(tenant);
    const created = await owner.request({
      method: 'POST',
      path: '/tokens',
      json: { permissions: ['InvoiceRead', 'InvoiceWrite'], description: 'Token do testów klienta' },
    });
    // The token becomes Active asynchronously.
    for (let i = 0; i < 50; i++) {
      const st = await owner.request({ method: 'GET', path: '/tokens/{referenceNumber}', params: { referenceNumber: created.body.referenceNumber } });
      if (st.body.status === 'Active') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const client = new KsefClient({ environment: { baseUrl: env.baseUrl }, ksefToken: created.body.token });
    expect(client.authenticator).toBeInstanceOf(KsefTokenAuthenticator);
    expect(JSON.stringify(client.authenticator)).not.toContain(created.body.token);
    const perms = await queryPersonalPermissions(client.context(tenant));
    expect(Array.isArray(perms)).toBe(true);
    expect(client.tokens.stats.authentications).toBe(1);
  });
});
