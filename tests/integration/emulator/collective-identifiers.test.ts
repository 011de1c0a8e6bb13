/**
 * Collective identifiers (IZ, API 2.7.0–2.8.1) against the emulator, every response validated against
 * open-api.json: generation and its error codes, the query, the invoices of IZs (details hidden from
 * outsiders), the IZs of one invoice, paging, the context limit and the CollectiveIdentifierManage
 * permission granted to an entity.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '@/emulator/server';
import { ContractClient, exceptionCode } from '@/tests/support/emulator-contract';
import { authenticate, fa3Invoice, poll, randomNip, type Tokens } from '@/tests/support/emulator-flows';
import { encryptedInvoicePayload, makeSealCert, newSessionKey } from '@/tests/support/emulator-sign';

let emu: RunningEmulator;
let api: ContractClient;
let symCert: { certificate: string; publicKeyId: string };
const FORM = { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' };
const sellerA = randomNip();
const sellerC = randomNip();
const buyer = randomNip();
const outsider = randomNip();
const tok: Record<string, Tokens> = {};
/** KSeF numbers: a[0..2] sold by A to the buyer, c[0..1] by C to the buyer. */
const a: string[] = [];
const c: string[] = [];

/** CRC-8 (poly 0x07, init 0), written here independently of the emulator. */
function crc8(s: string): string {
  let x = 0;
  for (const b of Buffer.from(s)) {
    x ^= b;
    for (let i = 0; i < 8; i++) x = x & 0x80 ? ((x << 1) ^ 7) & 0xff : (x << 1) & 0xff;
  }
  return x.toString(16).toUpperCase().padStart(2, '0');
}

/** Sends invoices from `seller` (its owner) to the buyer in one online session; their KSeF numbers. */
async function issue(seller: string, n: number): Promise<string[]> {
  const key = newSessionKey(symCert);
  const open = await api.call('POST', '/sessions/online', {
    token: tok[seller]!.accessToken,
    body: { formCode: FORM, encryption: { encryptedSymmetricKey: key.encryptedSymmetricKey, initializationVector: key.initializationVector, publicKeyId: key.publicKeyId } },
  });
  expect(open.status, open.text).toBe(201);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const sent = await api.call('POST', `/sessions/online/${open.json.referenceNumber}/invoices`, {
      token: tok[seller]!.accessToken,
      body: encryptedInvoicePayload(key, fa3Invoice({ seller, buyer })),
    });
    expect(sent.status, sent.text).toBe(202);
    const st = await poll(
      () => api.call('GET', `/sessions/${open.json.referenceNumber}/invoices/${sent.json.referenceNumber}`, { token: tok[seller]!.accessToken }),
      (r) => r.json.status.code >= 200,
    );
    expect(st.json.status.code, JSON.stringify(st.json.status)).toBe(200);
    out.push(st.json.ksefNumber);
  }
  return out;
}

const generate = (who: string, invoices: unknown[]) => api.call('POST', '/collective-identifiers', { token: tok[who]!.accessToken, body: { invoices } });
const lastDays = (days = 1) => ({ dateCreatedFrom: new Date(Date.now() - days * 86400_000).toISOString(), dateCreatedTo: new Date(Date.now() + 60_000).toISOString() });

beforeAll(async () => {
  emu = await startEmulator({ port: 0, rateLimits: 'raised' });
  api = new ContractClient(emu.baseUrl);
  const keys = await api.call('GET', '/security/public-key-certificates');
  symCert = keys.json.find((k: { usage: string[] }) => k.usage.includes('SymmetricKeyEncryption'));
  for (const nip of [sellerA, sellerC, buyer, outsider]) tok[nip] = await authenticate(api, await makeSealCert(nip, 'ec'), nip);
  a.push(...(await issue(sellerA, 3)));
  c.push(...(await issue(sellerC, 2)));
});
afterAll(async () => emu?.close());

describe('POST /collective-identifiers', () => {
  it('numbers the IZ NIP-IZYYYYMM-12HEX-CRC8 after the seller, for the buyer too', async () => {
    const r = await generate(buyer, [{ ksefNumber: a[0], payment: { amount: 123.45, currency: 'PLN' }, description: 'Przelew zbiorczy' }, { ksefNumber: a[1] }]);
    expect(r.status, r.text).toBe(201);
    const n: string = r.json.collectiveIdentifierNumber;
    const ym = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit' }).format(new Date()).replace('-', '');
    expect(n).toMatch(new RegExp(`^${sellerA}-IZ${ym}-[0-9A-F]{12}-[0-9A-F]{2}$`));
    expect(n.slice(33)).toBe(crc8(n.slice(0, 32)));
  });

  it('refuses as documented: 71005 repeated, 71004 another seller, 71001 unknown or foreign invoice, 21405 a single invoice', async () => {
    expect(exceptionCode(await generate(buyer, [{ ksefNumber: a[0] }, { ksefNumber: a[0] }]))).toBe(71005);
    const mixed = await generate(buyer, [{ ksefNumber: a[0] }, { ksefNumber: c[0] }]);
    expect(exceptionCode(mixed)).toBe(71004);
    expect(mixed.json.exception.exceptionDetailList[0].details).toEqual([`Faktura o numerze KSeF ${c[0]} ma innego sprzedawcę.`]);
    const unknown = `${sellerA}-20260101-000000000000-${crc8(`${sellerA}-20260101-000000000000`)}`;
    expect(exceptionCode(await generate(buyer, [{ ksefNumber: a[0] }, { ksefNumber: unknown }]))).toBe(71001);
    expect(exceptionCode(await generate(outsider, [{ ksefNumber: a[0] }, { ksefNumber: a[1] }]))).toBe(71001);
    expect(exceptionCode(await generate(buyer, [{ ksefNumber: a[0] }]))).toBe(21405);
  });

  it('takes at most the context limit of invoices (GET /limits/context, TEST override), 132 IZs per invoice and context (71002)', async () => {
    const limits = await api.call('GET', '/limits/context', { token: tok[sellerA]!.accessToken });
    expect(limits.json.collectiveIdentifier).toEqual({ maxInvoices: 500 });
    const set = await api.call('POST', '/testdata/limits/context/session', {
      token: tok[sellerA]!.accessToken,
      body: { ...limits.json, collectiveIdentifier: { maxInvoices: 2 } },
    });
    expect(set.status, set.text).toBe(200);
    expect(
      exceptionCode(
        await generate(
          sellerA,
          a.map((ksefNumber) => ({ ksefNumber })),
        ),
      ),
    ).toBe(21405);
    expect((await api.call('DELETE', '/testdata/limits/context/session', { token: tok[sellerA]!.accessToken })).status).toBe(200);
    expect(
      (
        await generate(
          sellerA,
          a.map((ksefNumber) => ({ ksefNumber })),
        )
      ).status,
    ).toBe(201);

    for (let i = 1; i < 132; i++) expect((await generate(sellerA, [{ ksefNumber: a[2] }, { ksefNumber: a[i % 2] }])).status).toBe(201);
    const full = await generate(sellerA, [{ ksefNumber: a[2] }, { ksefNumber: a[0] }]);
    expect(exceptionCode(full)).toBe(71002);
    // Another context counts its own.
    expect((await generate(buyer, [{ ksefNumber: a[2] }, { ksefNumber: a[0] }])).status).toBe(201);
  });
});

describe('reading IZs', () => {
  it('POST /collective-identifiers/query: what the context made, and for a seller its own invoices; newest first, paged, 100 days at most', async () => {
    const mine = await api.call('POST', '/collective-identifiers/query', { token: tok[buyer]!.accessToken, body: { ...lastDays(), invoiceCountFrom: 2, invoiceCountTo: 2 } });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.json.collectiveIdentifiers.length).toBeGreaterThanOrEqual(2);
    expect(mine.json.collectiveIdentifiers.every((x: { createdInCurrentContext: boolean; invoiceCount: number }) => x.createdInCurrentContext && x.invoiceCount === 2)).toBe(true);
    const dates = mine.json.collectiveIdentifiers.map((x: { dateCreated: string }) => x.dateCreated);
    expect([...dates].sort().reverse()).toEqual(dates);

    const asSeller = await api.call('POST', '/collective-identifiers/query', { token: tok[sellerA]!.accessToken, body: { ...lastDays(), createdInCurrentContext: false } });
    expect(asSeller.json.collectiveIdentifiers.length).toBe(mine.json.collectiveIdentifiers.length);
    expect(asSeller.json.collectiveIdentifiers.every((x: { createdInCurrentContext: boolean }) => !x.createdInCurrentContext)).toBe(true);
    expect((await api.call('POST', '/collective-identifiers/query', { token: tok[outsider]!.accessToken, body: lastDays() })).json.collectiveIdentifiers).toEqual([]);

    const page1 = await api.call('POST', '/collective-identifiers/query', { token: tok[sellerA]!.accessToken, body: { ...lastDays(), createdInCurrentContext: true }, query: { pageSize: 100 } });
    expect(page1.json.collectiveIdentifiers).toHaveLength(100);
    const page2 = await api.call('POST', '/collective-identifiers/query', {
      token: tok[sellerA]!.accessToken,
      body: { ...lastDays(), createdInCurrentContext: true },
      query: { pageSize: 100 },
      headers: { 'x-continuation-token': page1.json.continuationToken },
    });
    expect(page2.json.collectiveIdentifiers).toHaveLength(32); // 1 + 131 made by A
    expect(page2.json.continuationToken ?? null).toBeNull();
    expect(exceptionCode(await api.call('POST', '/collective-identifiers/query', { token: tok[sellerA]!.accessToken, body: lastDays(), headers: { 'x-continuation-token': 'zepsuty' } }))).toBe(21418);
    expect(exceptionCode(await api.call('POST', '/collective-identifiers/query', { token: tok[buyer]!.accessToken, body: lastDays(101) }))).toBe(21405);
  });

  it('POST /collective-identifiers/invoices: payment and description for the creator and the invoice parties only (detailsHidden), ≤ 10 numbers', async () => {
    const q = await api.call('POST', '/collective-identifiers/query', { token: tok[buyer]!.accessToken, body: lastDays() });
    const number = q.json.collectiveIdentifiers.at(-1).collectiveIdentifierNumber; // the first one, with payment details
    const byBuyer = await api.call('POST', '/collective-identifiers/invoices', { token: tok[buyer]!.accessToken, body: { collectiveIdentifierNumbers: [number] } });
    expect(byBuyer.status, byBuyer.text).toBe(200);
    const rows = byBuyer.json.invoices as { ksefNumber: string; collectiveIdentifierNumber: string; payment?: unknown; description?: string | null; detailsHidden: boolean }[];
    expect(rows.map((r) => r.ksefNumber)).toEqual([a[0], a[1]].sort().reverse());
    const first = rows.find((r) => r.ksefNumber === a[0])!;
    expect(first).toMatchObject({ collectiveIdentifierNumber: number, payment: { amount: 123.45, currency: 'PLN' }, description: 'Przelew zbiorczy', detailsHidden: false });
    expect(rows.find((r) => r.ksefNumber === a[1])).toMatchObject({ payment: null, description: null, detailsHidden: false });

    const byOutsider = await api.call('POST', '/collective-identifiers/invoices', { token: tok[outsider]!.accessToken, body: { collectiveIdentifierNumbers: [number] } });
    const hidden = (byOutsider.json.invoices as typeof rows).find((r) => r.ksefNumber === a[0])!;
    expect(hidden.detailsHidden).toBe(true);
    expect(hidden.payment).toBeUndefined();
    expect(exceptionCode(await api.call('POST', '/collective-identifiers/invoices', { token: tok[buyer]!.accessToken, body: { collectiveIdentifierNumbers: Array(11).fill(number) } }))).toBe(21405);
  });

  it('GET /collective-identifiers/ksef/{ksefNumber}: the IZs of an invoice the context sees', async () => {
    const none = await api.call('GET', `/collective-identifiers/ksef/${c[0]}`, { token: tok[sellerC]!.accessToken });
    expect(none.status, none.text).toBe(200);
    expect(none.json.collectiveIdentifiers).toEqual([]);
    const made = await generate(buyer, [{ ksefNumber: c[0] }, { ksefNumber: c[1] }]);
    expect(made.status).toBe(201);
    const bySeller = await api.call('GET', `/collective-identifiers/ksef/${c[0]}`, { token: tok[sellerC]!.accessToken });
    expect(bySeller.json.collectiveIdentifiers).toEqual([expect.objectContaining({ collectiveIdentifierNumber: made.json.collectiveIdentifierNumber, createdInCurrentContext: false })]);
    const byBuyer = await api.call('GET', `/collective-identifiers/ksef/${c[1]}`, { token: tok[buyer]!.accessToken });
    expect(byBuyer.json.collectiveIdentifiers).toEqual([expect.objectContaining({ collectiveIdentifierNumber: made.json.collectiveIdentifierNumber, createdInCurrentContext: true })]);
    const badCrc = c[0]!.slice(0, 33) + (c[0]!.endsWith('00') ? '01' : '00');
    expect(exceptionCode(await api.call('GET', `/collective-identifiers/ksef/${badCrc}`, { token: tok[buyer]!.accessToken }))).toBe(21405);
    const byA = await api.call('GET', `/collective-identifiers/ksef/${a[0]}`, { token: tok[sellerA]!.accessToken, query: { pageSize: 200 } });
    expect(byA.json.collectiveIdentifiers.some((x: { createdInCurrentContext: boolean }) => !x.createdInCurrentContext)).toBe(true);
    expect((await api.call('GET', `/collective-identifiers/ksef/${a[0]}`, { token: tok[outsider]!.accessToken })).json.collectiveIdentifiers).toEqual([]);
  });
});

describe('CollectiveIdentifierManage (API 2.7.0, grantable to entities since 2.8.1)', () => {
  it('is enough by itself for the IZ operations; without one of the three permissions the answer is 403', async () => {
    const agent = randomNip();
    const grant = await api.call('POST', '/permissions/entities/grants', {
      token: tok[buyer]!.accessToken,
      body: {
        subjectIdentifier: { type: 'Nip', value: agent },
        permissions: [{ type: 'CollectiveIdentifierManage', canDelegate: false }],
        description: 'Przelewy zbiorcze',
        subjectDetails: { fullName: 'Biuro płatności' },
      },
    });
    expect(grant.status, grant.text).toBe(202);
    await poll(
      () => api.call('GET', `/permissions/operations/${grant.json.referenceNumber}`, { token: tok[buyer]!.accessToken }),
      (r) => r.json.status.code === 200,
    );
    const asAgent = await authenticate(api, await makeSealCert(agent, 'ec'), buyer);
    const made = await api.call('POST', '/collective-identifiers', { token: asAgent.accessToken, body: { invoices: [{ ksefNumber: a[0] }, { ksefNumber: a[1] }] } });
    expect(made.status, made.text).toBe(201);
    const agentOwn = await authenticate(api, await makeSealCert(agent, 'ec'), agent);
    const received = await api.call('POST', '/permissions/query/entities/grants', { token: agentOwn.accessToken, body: {} });
    expect(received.json.permissions.map((p: { permissionScope: string }) => p.permissionScope)).toContain('CollectiveIdentifierManage');

    const reader = randomNip();
    expect(
      (
        await api.call('POST', '/testdata/permissions', {
          body: {
            contextIdentifier: { type: 'Nip', value: buyer },
            authorizedIdentifier: { type: 'Nip', value: reader },
            permissions: [{ permissionType: 'CredentialsRead', description: 'Tylko odczyt' }],
          },
        })
      ).status,
    ).toBe(200);
    const asReader = await authenticate(api, await makeSealCert(reader, 'ec'), buyer);
    const denied = await api.call('POST', '/collective-identifiers/query', { token: asReader.accessToken, body: lastDays() });
    expect(denied.status).toBe(403);
    expect(denied.json.security.requiredAnyOfPermissions).toEqual(['InvoiceRead', 'InvoiceWrite', 'CollectiveIdentifierManage']);
  });
});
