/**
 * Collective identifiers, „identyfikatory zbiorcze” (IZ; API 2.7.0, reshaped in 2.7.1, error codes
 * completed in 2.8.1; open-api.json tag "Identyfikatory zbiorcze"): one number standing for several
 * invoices of one seller, e.g. to pay them with one transfer. Everything here is what open-api.json
 * says; what it leaves open is listed in docs/emulator.md ("Choices where the docs are silent").
 */
import type { Emu } from './core';
import type { Ctx, Route } from './http';
import { apiDate, exception, json } from './http';
import { hasAnyRole, parseRangeDate } from './invoices';
import { crc8, isValidKsefNumber, randomHex } from './ksef-number';
import { contextLimits } from './limits';
import type { CollectiveRec, InvoiceRec } from './state';
import type { AccessContext } from './tokens-jwt';

/** „Wymagane jedno z uprawnień” of every IZ operation. */
const REQUIRED_ANY = ['InvoiceRead', 'InvoiceWrite', 'CollectiveIdentifierManage'];
/** CollectiveIdentifierInvoice.ksefNumber: one invoice in at most 132 IZs within one context. */
const MAX_IZ_PER_INVOICE = 132;
/** CollectiveIdentifierInvoicesQueryRequest: at most 10 numbers. */
const MAX_NUMBERS_PER_QUERY = 10;
/** CollectiveIdentifiersQueryRequest.dateCreatedFrom: at most 100 days. */
const MAX_QUERY_RANGE_MS = 100 * 24 * 3600_000;

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** `NIP-IZYYYYMM-12HEX-CC` (GenerateCollectiveIdentifierResponse): CRC-8 poly 0x07, init 0x00, over the first 32 characters; month in Polish time. */
export function makeCollectiveNumber(sellerNip: string, at: Date, technical = randomHex(12)): string {
  const ym = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit' }).format(at).replace('-', '');
  const head = `${sellerNip}-IZ${ym}-${technical}`;
  return `${head}-${hex2(crc8(head))}`;
}

function invoiceByKsefNumber(em: Emu, n: string): InvoiceRec | undefined {
  const inv = em.s.invoices[em.s.ksefIndex[n] ?? ''];
  return inv?.meta ? inv : undefined;
}

/** Pages by `x-continuation-token` (an opaque offset here; anything else → 21418). */
function paged<T>(ctx: Ctx, items: T[]): { page: T[]; continuationToken: string | null } {
  const t = ctx.header('x-continuation-token');
  let offset = 0;
  if (t) {
    const m = /^iz:(\d+)$/.exec(Buffer.from(t, 'base64').toString('utf8'));
    if (!m) throw exception(21418);
    offset = Number(m[1]);
  }
  const size = Number(ctx.query.get('pageSize') ?? 10);
  const next = offset + size < items.length ? Buffer.from(`iz:${offset + size}`).toString('base64') : null;
  return { page: items.slice(offset, offset + size), continuationToken: next };
}

const newestFirst = (a: CollectiveRec, b: CollectiveRec) => b.dateCreated.localeCompare(a.dateCreated) || b.number.localeCompare(a.number);

/** An IZ the context may list: made in it, or — for a NIP context — one of invoices it sold (Podmiot1). */
function listedFor(rec: CollectiveRec, a: AccessContext): boolean {
  return rec.context.value === a.contextValue || (a.contextType === 'Nip' && rec.sellerNip === a.contextValue);
}

function generate(em: Emu, ctx: Ctx) {
  const a = ctx.auth!;
  em.requireAny(a, REQUIRED_ANY);
  const b = ctx.json<{ invoices: { ksefNumber: string; payment?: { amount: number; currency: string } | null; description?: string | null }[] }>();
  const max = contextLimits(em, a.contextValue).collectiveIdentifier.maxInvoices;
  if (b.invoices.length > max) throw exception(21405, `Liczba faktur (${b.invoices.length}) przekracza limit ${max} faktur w identyfikatorze zbiorczym.`);
  const errors: { code: number; details: string[] }[] = [];
  const seen = new Set<string>();
  let seller: string | undefined;
  for (const { ksefNumber: n } of b.invoices) {
    if (seen.has(n)) {
      errors.push({ code: 71005, details: [`Powtórzony numer KSeF ${n}.`] });
      continue;
    }
    seen.add(n);
    const inv = invoiceByKsefNumber(em, n);
    // An invoice the context plays no role in does not exist for it.
    if (!inv || !hasAnyRole(inv, a.contextValue)) {
      errors.push({ code: 71001, details: [`Faktura o numerze KSeF ${n} nie została znaleziona.`] });
      continue;
    }
    seller ??= inv.meta!.sellerNip;
    if (inv.meta!.sellerNip !== seller) errors.push({ code: 71004, details: [`Faktura o numerze KSeF ${n} ma innego sprzedawcę.`] });
    const assigned = Object.values(em.s.collectiveIds).filter((r) => r.context.value === a.contextValue && r.invoices.some((i) => i.ksefNumber === n)).length;
    if (assigned >= MAX_IZ_PER_INVOICE) errors.push({ code: 71002, details: [`Faktura o numerze KSeF ${n} jest już przypisana do maksymalnej liczby Identyfikatorów Zbiorczych.`] });
  }
  if (errors.length) throw exception(errors[0]!.code, errors[0]!.details, errors.slice(1));
  let number: string;
  do number = makeCollectiveNumber(seller!, new Date());
  while (em.s.collectiveIds[number]);
  em.s.collectiveIds[number] = {
    number,
    context: { type: a.contextType, value: a.contextValue },
    sellerNip: seller!,
    dateCreated: apiDate(),
    invoices: b.invoices.map((i) => ({ ksefNumber: i.ksefNumber, payment: i.payment ?? null, description: i.description ?? null })),
  };
  em.store.touch();
  return json(201, { collectiveIdentifierNumber: number });
}

function query(em: Emu, ctx: Ctx) {
  const a = ctx.auth!;
  em.requireAny(a, REQUIRED_ANY);
  const b = ctx.json<{
    collectiveIdentifierNumber?: string | null;
    dateCreatedFrom: string;
    dateCreatedTo: string;
    invoiceCountFrom?: number | null;
    invoiceCountTo?: number | null;
    createdInCurrentContext?: boolean | null;
  }>();
  const from = parseRangeDate(b.dateCreatedFrom);
  const to = parseRangeDate(b.dateCreatedTo);
  if (Number.isNaN(from) || Number.isNaN(to)) throw exception(21405, 'Nieprawidłowy format daty.');
  if (to < from) throw exception(21405, 'Data "dateCreatedTo" jest wcześniejsza niż "dateCreatedFrom".');
  if (to - from > MAX_QUERY_RANGE_MS) throw exception(21405, 'Zakres dat nie może przekraczać 100 dni.');
  const items = Object.values(em.s.collectiveIds)
    .filter((r) => listedFor(r, a))
    .filter((r) => {
      const t = new Date(r.dateCreated).getTime();
      const here = r.context.value === a.contextValue;
      return (
        t >= from &&
        t <= to &&
        (!b.collectiveIdentifierNumber || r.number === b.collectiveIdentifierNumber) &&
        (b.invoiceCountFrom == null || r.invoices.length >= b.invoiceCountFrom) &&
        (b.invoiceCountTo == null || r.invoices.length <= b.invoiceCountTo) &&
        (b.createdInCurrentContext == null || b.createdInCurrentContext === here)
      );
    })
    .sort(newestFirst);
  const { page, continuationToken } = paged(ctx, items);
  return json(200, {
    continuationToken,
    collectiveIdentifiers: page.map((r) => ({
      collectiveIdentifierNumber: r.number,
      dateCreated: r.dateCreated,
      invoiceCount: r.invoices.length,
      createdInCurrentContext: r.context.value === a.contextValue,
    })),
  });
}

function invoicesOf(em: Emu, ctx: Ctx) {
  const a = ctx.auth!;
  em.requireAny(a, REQUIRED_ANY);
  const numbers = ctx.json<{ collectiveIdentifierNumbers: string[] }>().collectiveIdentifierNumbers;
  if (numbers.length > MAX_NUMBERS_PER_QUERY) throw exception(21405, `Maksymalna liczba identyfikatorów zbiorczych to ${MAX_NUMBERS_PER_QUERY}.`);
  const rows = [...new Set(numbers)]
    .map((n) => em.s.collectiveIds[n])
    .filter((r): r is CollectiveRec => !!r)
    .flatMap((r) =>
      r.invoices.map((i) => {
        const given = i.payment != null || i.description != null;
        const inv = invoiceByKsefNumber(em, i.ksefNumber);
        // Payment and description only for the IZ's creator or a party of that invoice (open-api.json).
        const mayRead = r.context.value === a.contextValue || (!!inv && hasAnyRole(inv, a.contextValue));
        return {
          ksefNumber: i.ksefNumber,
          collectiveIdentifierNumber: r.number,
          ...(mayRead || !given ? { payment: i.payment, description: i.description } : {}),
          detailsHidden: given && !mayRead,
        };
      }),
    )
    .sort((x, y) => y.ksefNumber.localeCompare(x.ksefNumber) || y.collectiveIdentifierNumber.localeCompare(x.collectiveIdentifierNumber));
  const { page, continuationToken } = paged(ctx, rows);
  return json(200, { continuationToken, invoices: page });
}

function byKsefNumber(em: Emu, ctx: Ctx) {
  const a = ctx.auth!;
  em.requireAny(a, REQUIRED_ANY);
  const n = ctx.params.ksefNumber!;
  if (!isValidKsefNumber(n)) throw exception(21405, 'Nieprawidłowy numer KSeF (format lub suma kontrolna).');
  const inv = invoiceByKsefNumber(em, n);
  const party = !!inv && hasAnyRole(inv, a.contextValue);
  const items = Object.values(em.s.collectiveIds)
    .filter((r) => r.invoices.some((i) => i.ksefNumber === n) && (party || r.context.value === a.contextValue))
    .sort(newestFirst);
  const { page, continuationToken } = paged(ctx, items);
  return json(200, {
    continuationToken,
    collectiveIdentifiers: page.map((r) => ({ collectiveIdentifierNumber: r.number, createdInCurrentContext: r.context.value === a.contextValue, dateCreated: r.dateCreated })),
  });
}

export function collectiveRoutes(em: Emu): Route[] {
  const r = (method: string, template: string, name: string, handler: Route['handler']): Route => ({ method, template, name, auth: 'access', group: 'collectiveIdentifier', handler });
  return [
    r('POST', '/collective-identifiers', 'collective.generate', (ctx) => generate(em, ctx)),
    r('POST', '/collective-identifiers/query', 'collective.query', (ctx) => query(em, ctx)),
    r('POST', '/collective-identifiers/invoices', 'collective.invoices', (ctx) => invoicesOf(em, ctx)),
    r('GET', '/collective-identifiers/ksef/{ksefNumber}', 'collective.byKsefNumber', (ctx) => byKsefNumber(em, ctx)),
  ];
}
