import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawDb } from '@/lib/db/client';
import type { KsefClient } from '@/lib/ksef';
import { renderMessage, translator } from '@/lib/i18n';
import { getInvoice } from '@/lib/server/invoices/get-invoice';
import { AppError } from '@/lib/server/errors';
import { setOwnCertificateAllowed } from '@/lib/server/admin/set-own-certificate-allowed';
import { listAllTenants } from '@/lib/server/admin/list-tenants';
import { uploadOwnCertificate } from '@/lib/server/own-certificate/upload-own-certificate';
import { setKsefAccessMode } from '@/lib/server/own-certificate/set-ksef-access-mode';
import { removeOwnCertificate } from '@/lib/server/own-certificate/remove-own-certificate';
import { testOwnCertificate } from '@/lib/server/own-certificate/test-own-certificate';
import { credentialFromStored } from '@/lib/server/own-certificate/key-storage';
import { warnExpiringCertificates } from '@/lib/server/own-certificate/warn-expiring-certificates';
import type { UploadInput } from '@/lib/server/own-certificate/parse-upload';
import { tenantKsefContext } from '@/lib/server/ksef/gateway';
import { sendInvoice } from '@/lib/server/invoices/send-invoice';
import { sendTenantInvoices } from '@/lib/server/invoices/send-tenant-invoices';
import { checkTenantPermissions } from '@/lib/server/ksef-access/check-permissions';
import { addMember, createTenantWithOwner } from '../../support/factories';
import { createIssuingTenant, issueNewInvoice } from '../../support/app-flows';
import { createProvider, startKsefEmulator, type KsefTestEnv, type TestProvider } from '../../support/ksef-emulator';
import { encryptKeyPem, keyDer, makeCertificate, toPkcs12, uniquePesel, type TestCertificate } from '../../support/certificates';

let env: KsefTestEnv;
let provider: TestProvider;
let client: KsefClient;
let adminId: string;
const t = translator('pl');

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  client = provider.client();
  adminId = (await rawDb().user.create({ data: { email: `admin-${crypto.randomUUID()}@example.com`, passwordHash: 'x', isPlatformAdmin: true } })).id;
});
afterAll(async () => env?.close());

const pem = (c: TestCertificate, over: Partial<Extract<UploadInput, { format: 'PEM' }>> = {}): UploadInput => ({
  format: 'PEM',
  certificate: Buffer.from(c.certificatePem),
  privateKey: Buffer.from(c.privateKeyPem),
  ...over,
});

async function allowedTenant() {
  const tn = await createTenantWithOwner();
  await setOwnCertificateAllowed(adminId, { tenantId: tn.actor.tenantId, allowed: true, reason: 'Klient prosi o własny certyfikat' });
  return tn;
}

async function allowedIssuingTenant() {
  const tn = await createIssuingTenant();
  await setOwnCertificateAllowed(adminId, { tenantId: tn.actor.tenantId, allowed: true, reason: 'Klient prosi o własny certyfikat' });
  return tn;
}

/** The AppError a call fails with (the test fails if it does not fail). */
async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}

async function drain(tenantId: string) {
  for (let i = 0; i < 10; i++) {
    const r = await sendTenantInvoices(tenantId, { client, statusTimeoutMs: 5_000 });
    if (r.pending === 0) return r;
  }
  throw new Error('pipeline did not settle');
}

describe('who may do what', () => {
  it('non-admins cannot toggle own-certificate mode (not even the owner of that tenant)', async () => {
    const { actor } = await createTenantWithOwner();
    const e = await failure(setOwnCertificateAllowed(actor.userId, { tenantId: actor.tenantId, allowed: true, reason: 'sam sobie' }));
    expect(e.code).toBe('FORBIDDEN');
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })).ownCertificateAllowed).toBe(false);
    await expect(listAllTenants(actor.userId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the admin must give a reason; the change is audited with it', async () => {
    const { actor } = await createTenantWithOwner();
    await expect(setOwnCertificateAllowed(adminId, { tenantId: actor.tenantId, allowed: true, reason: ' ' })).rejects.toThrow(/adminTenants\.reasonRequired/);
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: actor.tenantId } })).ownCertificateAllowed).toBe(false);
    await setOwnCertificateAllowed(adminId, { tenantId: actor.tenantId, allowed: true, reason: 'Umowa z 1.12' });
    const ev = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: actor.tenantId, action: 'admin.ownCertificateAllowed' } });
    expect(ev).toMatchObject({ actorUserId: adminId, result: 'ALLOWED', details: { reason: 'Umowa z 1.12' } });
  });

  it('non-owners cannot upload; owners cannot upload while the admin has not allowed it', async () => {
    const tn = await allowedTenant();
    const cert = await makeCertificate({ seal: tn.nip });
    const accountant = await addMember(tn.actor.tenantId, 'ACCOUNTANT');
    expect((await failure(uploadOwnCertificate(accountant, pem(cert), { client }))).code).toBe('FORBIDDEN');
    const other = await createTenantWithOwner();
    const e = await failure(uploadOwnCertificate(other.actor, pem(await makeCertificate({ seal: other.nip })), { client }));
    expect(e).toMatchObject({ code: 'FORBIDDEN', messageKey: 'certificates.errors.notAllowed' });
    expect(await rawDb().ownCertificate.count({ where: { tenantId: { in: [tn.actor.tenantId, other.actor.tenantId] } } })).toBe(0);
  });

  it('admin list: search by NIP or name, paging, last check and certificate expiry', async () => {
    const tn = await allowedTenant();
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip })), { client });
    await checkTenantPermissions(tn.actor.tenantId, { client });
    const byNip = await listAllTenants(adminId, { q: tn.nip });
    expect(byNip.rows).toHaveLength(1);
    expect(byNip.rows[0]).toMatchObject({ nip: tn.nip, ownCertificateAllowed: true, lastCheck: { outcome: 'NO_ACCESS' } });
    expect(byNip.rows[0]!.certificateNotAfter).toBeInstanceOf(Date);
    const page2 = await listAllTenants(adminId, { page: 2 });
    expect(page2.page).toBe(2);
    expect(page2.rows.length).toBeLessThanOrEqual(25);
  });
});

describe('upload checks: each problem has its own message, next to its field, and nothing is stored', () => {
  const cases: [string, (nip: string) => Promise<UploadInput>, string, string, RegExp][] = [
    [
      'wrong PEM key password',
      async (nip) => {
        const c = await makeCertificate({ seal: nip });
        return pem(c, { privateKey: Buffer.from(encryptKeyPem(c.privateKeyPem, 'dobre-haslo')), keyPassword: 'zle-haslo' });
      },
      'keyWrongPassword',
      'keyPassword',
      /Nieprawidłowe hasło klucza/,
    ],
    [
      'encrypted key without a password',
      async (nip) => {
        const c = await makeCertificate({ seal: nip });
        return pem(c, { privateKey: Buffer.from(encryptKeyPem(c.privateKeyPem, 'dobre-haslo')) });
      },
      'keyPasswordRequired',
      'keyPassword',
      /podaj jego hasło/,
    ],
    [
      'wrong PKCS#12 password',
      async (nip) => ({ format: 'P12', p12: toPkcs12(await makeCertificate({ seal: nip }), 'dobre-haslo'), password: 'zle-haslo' }),
      'p12WrongPassword',
      'p12Password',
      /Nieprawidłowe hasło pliku PKCS#12/,
    ],
    [
      'not a certificate',
      async (nip) => pem(await makeCertificate({ seal: nip }), { certificate: Buffer.from('hello') }),
      'certificateUnreadable',
      'certificateFile',
      /Nie można odczytać certyfikatu/,
    ],
    [
      'mismatched key',
      async (nip) => pem({ ...(await makeCertificate({ seal: nip })), privateKeyPem: (await makeCertificate({ seal: nip })).privateKeyPem }),
      'keyMismatch',
      'keyFile',
      /nie pasuje do certyfikatu/,
    ],
    [
      'expired',
      async (nip) => pem(await makeCertificate({ seal: nip, notBefore: new Date('2024-01-01T10:00:00Z'), notAfter: new Date('2025-03-31T10:00:00Z') })),
      'expired',
      'certificateFile',
      /wygasł 31\.03\.2025/,
    ],
    [
      'not yet valid',
      async (nip) => pem(await makeCertificate({ seal: nip, notBefore: new Date(Date.now() + 10 * 86_400_000) })),
      'notYetValid',
      'certificateFile',
      /ważny dopiero od \d{2}\.\d{2}\.\d{4}/,
    ],
    ['RSA 1024', async (nip) => pem(await makeCertificate({ seal: nip, key: 'RSA1024' })), 'keyTooWeak', 'certificateFile', /RSA 1024.*co najmniej 2048/],
    ['EC P-384', async (nip) => pem(await makeCertificate({ seal: nip, key: 'EC384' })), 'keyTooWeak', 'certificateFile', /EC secp384r1/],
    ['seal of another NIP', async () => pem(await makeCertificate({ seal: '5265877635' })), 'wrongNip', 'certificateFile', /wystawiono dla NIP 5265877635, a firma ma NIP \d{10}/],
    ['no identifier in the subject', async () => pem(await makeCertificate({ plain: true })), 'subjectUnrecognized', 'certificateFile', /VATPL/],
    [
      'a person without permissions in the context (KSeF refuses)',
      async () => pem(await makeCertificate({ pesel: uniquePesel() })),
      'authNoPermissions',
      'certificateFile',
      /nie ma żadnych uprawnień w kontekście NIP/,
    ],
  ];
  for (const [name, input, key, field, text] of cases) {
    it(name, async () => {
      const tn = await allowedTenant();
      const e = await failure(uploadOwnCertificate(tn.actor, await input(tn.nip), { client }));
      expect(e.messageKey).toBe(`certificates.errors.${key}`);
      expect(e.field).toBe(field);
      expect(t(e.messageKey, e.params)).toMatch(text);
      expect(await rawDb().ownCertificate.count({ where: { tenantId: tn.actor.tenantId } })).toBe(0);
    });
  }

  it('a personal certificate of the owner (TINPL-<NIP>) is accepted: KSeF decides', async () => {
    const tn = await allowedTenant();
    const r = await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ personalNip: tn.nip, key: 'EC256' })), { client });
    expect(r.canSend).toBe(true);
    const row = await rawDb().ownCertificate.findUniqueOrThrow({ where: { tenantId: tn.actor.tenantId } });
    expect(row).toMatchObject({ identifierType: 'NIP', identifierValue: tn.nip, keyAlgorithm: 'EC-P256' });
  });
});

describe('key storage', () => {
  it('the database holds no plaintext key or password after PEM, encrypted-PEM and PKCS#12 uploads (every table, every column)', async () => {
    const secrets: Buffer[] = [];
    const passwords = ['haslo-do-klucza-7f3a', 'haslo-p12-91bc'];
    const a = await allowedTenant();
    const ca = await makeCertificate({ seal: a.nip });
    await uploadOwnCertificate(a.actor, pem(ca, { privateKey: Buffer.from(encryptKeyPem(ca.privateKeyPem, passwords[0]!)), keyPassword: passwords[0] }), { client });
    const b = await allowedTenant();
    const cb = await makeCertificate({ seal: b.nip });
    await uploadOwnCertificate(b.actor, { format: 'P12', p12: toPkcs12(cb, passwords[1]!), password: passwords[1]! }, { client });
    const c = await allowedTenant();
    const cc = await makeCertificate({ seal: c.nip, key: 'EC256' });
    await uploadOwnCertificate(c.actor, pem(cc), { client });
    for (const x of [ca, cb, cc]) secrets.push(keyDer(x.privateKeyPem));

    // Needles: a 24-byte slice from the middle of each DER key (hex and base64), the PEM bodies, the passwords.
    const needles: string[] = [...passwords.map((p) => Buffer.from(p).toString('hex'))];
    for (const der of secrets) {
      const mid = der.subarray(Math.floor(der.length / 2), Math.floor(der.length / 2) + 24);
      needles.push(mid.toString('hex'));
      needles.push(Buffer.from(der.subarray(30, 54).toString('base64')).toString('hex'));
    }
    for (const x of [ca, cb, cc]) {
      const body = x.privateKeyPem.split('\n').filter((l) => l && !l.startsWith('-----'));
      needles.push(Buffer.from(body[Math.floor(body.length / 2)]!).toString('hex'));
    }
    expect(needles.every((n) => n.length >= 16)).toBe(true);

    const columns = await rawDb().$queryRaw<{ table_schema: string; table_name: string; column_name: string; data_type: string }[]>`
      SELECT c.table_schema, c.table_name, c.column_name, c.data_type FROM information_schema.columns c
      JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name AND tb.table_type = 'BASE TABLE'
      WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema')`;
    expect(columns.length).toBeGreaterThan(50);
    const hits: string[] = [];
    for (const col of columns) {
      // Every value as hex of its text/bytes form: bytea directly, everything else through ::text.
      const rows = await rawDb().$queryRawUnsafe<{ v: string | null }[]>(
        col.data_type === 'bytea'
          ? `SELECT encode("${col.column_name}", 'hex') AS v FROM "${col.table_schema}"."${col.table_name}"`
          : `SELECT encode(convert_to("${col.column_name}"::text, 'UTF8'), 'hex') AS v FROM "${col.table_schema}"."${col.table_name}"`,
      );
      for (const r of rows) for (const n of needles) if (r.v && r.v.includes(n)) hits.push(`${col.table_schema}.${col.table_name}.${col.column_name}`);
    }
    expect(hits).toEqual([]);
    // …and the stored key still decrypts to the uploaded one (so the scan looked at real ciphertext).
    const row = await rawDb().ownCertificate.findUniqueOrThrow({ where: { tenantId: b.actor.tenantId } });
    expect(credentialFromStored(b.actor.tenantId, row).privateKey.export({ type: 'pkcs8', format: 'der' }).equals(secrets[1]!)).toBe(true);
  });

  it('a key row copied to another tenant does not decrypt there (AAD = tenant id)', async () => {
    const a = await allowedTenant();
    await uploadOwnCertificate(a.actor, pem(await makeCertificate({ seal: a.nip })), { client });
    const row = await rawDb().ownCertificate.findUniqueOrThrow({ where: { tenantId: a.actor.tenantId } });
    const other = await createTenantWithOwner();
    expect(() => credentialFromStored(other.actor.tenantId, row)).toThrow(/cannot be decrypted/);
  });
});

describe('own-certificate mode end to end against the emulator', () => {
  it('sends an invoice with the tenant certificate (no grant to us), holds it when the certificate expires, and sends it after a new upload', async () => {
    const tn = await allowedIssuingTenant();
    // Our provider has nothing in this context: only the tenant's own seal can send.
    expect((await checkTenantPermissions(tn.actor.tenantId, { client })).outcome).toBe('NO_ACCESS');
    expect((await failure(setKsefAccessMode(tn.actor, 'OWN_CERTIFICATE', { client }))).messageKey).toBe('certificates.errors.noCertificate');
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip })), { client });
    expect(await testOwnCertificate(tn.actor, { client })).toMatchObject({ canSend: true });
    const switched = await setKsefAccessMode(tn.actor, 'OWN_CERTIFICATE', { client });
    expect(switched.check).toMatchObject({ outcome: 'OK', mode: 'OWN_CERTIFICATE' });

    const id = await issueNewInvoice(tn.actor, tn.buyerId);
    expect(await sendInvoice(tn.actor, id)).toEqual({ status: 'QUEUED' });
    expect((await drain(tn.actor.tenantId)).accepted).toBe(1);
    const inv = await rawDb().invoice.findUniqueOrThrow({ where: { id } });
    expect(inv.status).toBe('ACCEPTED');
    expect(inv.ksefNumber).toMatch(new RegExp(`^${tn.nip}-`));
    // The context used is the tenant's certificate, cached per fingerprint.
    const row = await rawDb().ownCertificate.findUniqueOrThrow({ where: { tenantId: tn.actor.tenantId } });
    const ctx = await tenantKsefContext(tn.actor.tenantId, client);
    expect(ctx.client).not.toBe(client);
    expect(ctx.client.authenticator.id).toBe(`cert:${row.fingerprint}`);
    expect(ctx.client.http.rateLimiter).toBe(client.http.rateLimiter);
    expect((await tenantKsefContext(tn.actor.tenantId, client)).client).toBe(ctx.client);

    // Time passes: the stored certificate has expired. Sending is held with a clear reason.
    await rawDb().ownCertificate.update({ where: { tenantId: tn.actor.tenantId }, data: { notAfter: new Date(Date.now() - 60_000) } });
    const id2 = await issueNewInvoice(tn.actor, tn.buyerId);
    expect(await sendInvoice(tn.actor, id2)).toEqual({ status: 'QUEUED' });
    expect((await sendTenantInvoices(tn.actor.tenantId, { client })).held).toBe(1);
    const held = await rawDb().invoice.findUniqueOrThrow({ where: { id: id2 } });
    expect(held.status).toBe('WAITING_FOR_PERMISSION');
    // Stored: the code and the expiry instant; each reader sees the day in their own format.
    expect([held.statusReason, held.statusParams]).toEqual(['HELD_CERTIFICATE_EXPIRED', { expiredOn: { date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) } }]);
    const shown = (await getInvoice(tn.actor, id2)).statusReason!;
    expect(renderMessage(t, shown)).toMatch(/^Certyfikat KSeF firmy wygasł \d{2}\.\d{2}\.\d{4} — wgraj nowy/);
    expect(renderMessage(translator('en'), shown)).toMatch(/^The company’s KSeF certificate expired on \d{4}-\d{2}-\d{2} — upload a new one/);
    expect(await rawDb().ksefSubmission.count({ where: { invoiceId: id2, status: { not: 'CANCELLED' } } })).toBe(0);
    // The next invoice is held at once (the stored check says the certificate expired).
    const id3 = await issueNewInvoice(tn.actor, tn.buyerId);
    expect(await sendInvoice(tn.actor, id3)).toEqual({ status: 'WAITING_FOR_PERMISSION' });

    // A new valid certificate: both go out.
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip, key: 'EC256' })), { client });
    expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: id2 } })).status).toBe('QUEUED');
    await drain(tn.actor.tenantId);
    for (const i of [id2, id3]) expect((await rawDb().invoice.findUniqueOrThrow({ where: { id: i } })).status).toBe('ACCEPTED');
    const actions = (await rawDb().auditEvent.findMany({ where: { tenantId: tn.actor.tenantId } })).map((e) => `${e.action}:${e.result}`);
    expect(actions).toEqual(expect.arrayContaining(['certificate.uploaded:OK', 'certificate.replaced:OK', 'ksef.accessMode.changed:OWN_CERTIFICATE', 'ksef.send.held:CERTIFICATE_EXPIRED']));
  });

  it('admin turns the toggle off: the key row is deleted, the tenant is back in delegated mode, the cache entry is gone', async () => {
    const tn = await allowedTenant();
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip })), { client });
    await setKsefAccessMode(tn.actor, 'OWN_CERTIFICATE', { client });
    const own = await tenantKsefContext(tn.actor.tenantId, client);
    expect(own.client).not.toBe(client);

    const r = await setOwnCertificateAllowed(adminId, { tenantId: tn.actor.tenantId, allowed: false, reason: 'Koniec umowy' });
    expect(r).toEqual({ allowed: false, keyDeleted: true });
    expect(await rawDb().ownCertificate.count({ where: { tenantId: tn.actor.tenantId } })).toBe(0);
    expect(await rawDb().tenant.findUniqueOrThrow({ where: { id: tn.actor.tenantId } })).toMatchObject({ ksefAccessMode: 'DELEGATED', ownCertificateAllowed: false });
    expect((await tenantKsefContext(tn.actor.tenantId, client)).client).toBe(client);
    const ev = await rawDb().auditEvent.findFirstOrThrow({ where: { tenantId: tn.actor.tenantId, action: 'admin.ownCertificateAllowed', result: 'DISALLOWED' } });
    expect(ev.details).toMatchObject({ reason: 'Koniec umowy', keyDeleted: true, modeBefore: 'OWN_CERTIFICATE', modeAfter: 'DELEGATED' });
    // Switching back on needs a new upload.
    await setOwnCertificateAllowed(adminId, { tenantId: tn.actor.tenantId, allowed: true, reason: 'Nowa umowa' });
    expect((await failure(setKsefAccessMode(tn.actor, 'OWN_CERTIFICATE', { client }))).messageKey).toBe('certificates.errors.noCertificate');
  });

  it('the owner removes the certificate: shredded and back to delegated', async () => {
    const tn = await allowedTenant();
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip })), { client });
    await setKsefAccessMode(tn.actor, 'OWN_CERTIFICATE', { client });
    const viewer = await addMember(tn.actor.tenantId, 'VIEWER');
    expect((await failure(removeOwnCertificate(viewer))).code).toBe('FORBIDDEN');
    await removeOwnCertificate(tn.actor);
    expect(await rawDb().ownCertificate.count({ where: { tenantId: tn.actor.tenantId } })).toBe(0);
    expect((await rawDb().tenant.findUniqueOrThrow({ where: { id: tn.actor.tenantId } })).ksefAccessMode).toBe('DELEGATED');
  });
});

describe('expiry warnings', () => {
  it('30, 7 and 1 day before, and on expiry: each recorded once', async () => {
    const tn = await allowedTenant();
    await uploadOwnCertificate(tn.actor, pem(await makeCertificate({ seal: tn.nip })), { client });
    const setLeft = (ms: number) => rawDb().ownCertificate.update({ where: { tenantId: tn.actor.tenantId }, data: { notAfter: new Date(Date.now() + ms) } });
    const warnings = async () =>
      (await rawDb().auditEvent.findMany({ where: { tenantId: tn.actor.tenantId, action: { startsWith: 'certificate.expir' } }, orderBy: { createdAt: 'asc' } })).map((e) => e.result);
    await warnExpiringCertificates();
    expect(await warnings()).toEqual([]);
    await setLeft(20 * 86_400_000);
    await warnExpiringCertificates();
    await warnExpiringCertificates();
    expect(await warnings()).toEqual(['DAYS_30']);
    await setLeft(5 * 86_400_000);
    await warnExpiringCertificates();
    await setLeft(12 * 3600_000);
    await warnExpiringCertificates();
    await warnExpiringCertificates();
    await setLeft(-1000);
    await warnExpiringCertificates();
    await warnExpiringCertificates();
    expect(await warnings()).toEqual(['DAYS_30', 'DAYS_7', 'DAYS_1', 'EXPIRED']);
  });
});
