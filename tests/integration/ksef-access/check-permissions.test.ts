import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import { KsefClient } from '@/lib/ksef';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { checkTenantPermissions, getLatestPermissionCheck } from '@/lib/server/ksef-access/check-permissions';
import { listAuditEvents } from '@/lib/server/audit/list-audit-events';
import { createTenantWithOwner } from '../../support/factories';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';

let env: KsefTestEnv;
let provider: TestProvider;

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
});
afterAll(async () => env?.close());

const grant = (nip: string, permissions: string[]) => env.admin('POST', '/grants', { contextNip: nip, subjectNip: provider.nip, permissions });

describe('live permission check: each outcome has its own result', () => {
  it('OK: both permissions granted, with the date KSeF reports', async () => {
    const { actor, nip } = await createTenantWithOwner();
    await grant(nip, ['InvoiceWrite', 'InvoiceRead']);
    const r = await checkTenantPermissions(actor.tenantId, { client: provider.client(), triggeredBy: actor.userId });
    expect(r.outcome).toBe('OK');
    expect(r.rows.map((x) => [x.permission, x.granted])).toEqual([
      ['InvoiceWrite', true],
      ['InvoiceRead', true],
    ]);
    expect(r.rows[0]!.since).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    // Stored with its time, and logged with who triggered it.
    expect(await getLatestPermissionCheck(actor)).toMatchObject({ outcome: 'OK' });
    const log = await listAuditEvents(actor, { action: 'ksef.permissions' });
    expect(log.rows[0]).toMatchObject({ action: 'ksef.permissions.check', result: 'OK', who: { kind: 'member', email: expect.stringContaining('@') } });
  });

  it('MISSING: only InvoiceRead granted — InvoiceWrite is reported missing', async () => {
    const { actor, nip } = await createTenantWithOwner();
    await grant(nip, ['InvoiceRead']);
    const r = await checkTenantPermissions(actor.tenantId, { client: provider.client() });
    expect(r.outcome).toBe('MISSING');
    expect(r.rows.find((x) => x.permission === 'InvoiceWrite')?.granted).toBe(false);
    expect(r.rows.find((x) => x.permission === 'InvoiceRead')?.granted).toBe(true);
  });

  it('NO_ACCESS: nothing granted (authentication ends in 415)', async () => {
    const { actor } = await createTenantWithOwner();
    const r = await checkTenantPermissions(actor.tenantId, { client: provider.client() });
    expect(r.outcome).toBe('NO_ACCESS');
    expect(r.rows.every((x) => !x.granted)).toBe(true);
  });

  it('UNREACHABLE: KSeF answers 503', async () => {
    const { actor, nip } = await createTenantWithOwner();
    await grant(nip, ['InvoiceWrite', 'InvoiceRead']);
    await env.admin('POST', '/faults', { operation: 'POST /auth/challenge', mode: 'http503', count: 20 });
    try {
      const r = await checkTenantPermissions(actor.tenantId, { client: provider.client({ retry: { maxRetries: 0 } }) });
      expect(r.outcome).toBe('UNREACHABLE');
    } finally {
      await env.admin('DELETE', '/faults');
    }
  });

  it('UNREACHABLE: nothing listens at the KSeF address', async () => {
    const { actor } = await createTenantWithOwner();
    const dead = new KsefClient({ environment: { baseUrl: 'http://127.0.0.1:9/v2' }, credential: provider.credential, retry: { maxRetries: 0 } });
    expect((await checkTenantPermissions(actor.tenantId, { client: dead })).outcome).toBe('UNREACHABLE');
  });

  it('CERTIFICATE_REJECTED: our certificate has expired', async () => {
    const { actor } = await createTenantWithOwner();
    const expired = await generateDevCertificate({ nip: provider.nip, notBefore: new Date(Date.now() - 10 * 86_400_000), notAfter: new Date(Date.now() - 86_400_000) });
    const client = new KsefClient({ environment: { baseUrl: env.baseUrl }, credential: credentialFromPem(expired.certificatePem, expired.privateKeyPem), retry: { maxRetries: 0 } });
    const r = await checkTenantPermissions(actor.tenantId, { client });
    expect(r.outcome).toBe('CERTIFICATE_REJECTED');
    expect(JSON.stringify(r)).not.toContain('PRIVATE KEY');
  });

  it('the stored result never contains a token or key', async () => {
    const rows = await rawDb().ksefPermissionCheck.findMany({ take: 50 });
    for (const row of rows) expect(JSON.stringify(row.result)).not.toMatch(/eyJ[a-zA-Z0-9_-]{10,}|PRIVATE KEY/);
  });
});
