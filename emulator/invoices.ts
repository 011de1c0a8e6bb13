/**
 * Receiving: metadata query, download by KSeF number, asynchronous exports
 * (pobieranie-faktur/pobieranie-faktur.md, pobieranie-faktur/hwm.md, przyrostowe-pobieranie-faktur.md).
 * Only invoices with a permanentStorageDate are visible; the context must have the queried role.
 */
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import type { Emu } from './core';
import { aesCbcEncrypt, sha256b64 } from './crypto';
import type { Route } from './http';
import { apiDate, exception, gone, json } from './http';
import { isValidKsefNumber, makeReferenceNumber } from './ksef-number';
import type { InvoiceRec, Status } from './state';
import { unwrapKey } from './sessions';

const MAX_RESULTS = 10_000;
const EXPORT_PART = 50_000_000;
const EXPORT_RETENTION_MS = 7 * 24 * 3600_000;

interface Filters {
  subjectType: 'Subject1' | 'Subject2' | 'Subject3' | 'SubjectAuthorized';
  dateRange: { dateType: 'Issue' | 'Invoicing' | 'PermanentStorage'; from: string; to?: string | null; restrictToPermanentStorageHwmDate?: boolean | null };
  ksefNumber?: string | null;
  invoiceNumber?: string | null;
  amount?: { type: 'Brutto' | 'Netto' | 'Vat'; from?: number | null; to?: number | null } | null;
  sellerNip?: string | null;
  buyerIdentifier?: { type: string; value?: string | null } | null;
  currencyCodes?: string[] | null;
  invoicingMode?: string | null;
  isSelfInvoicing?: boolean | null;
  formType?: string | null;
  invoiceTypes?: string[] | null;
  hasAttachment?: boolean | null;
}

/** Offset-less date-times mean Europe/Warsaw (pobieranie-faktur.md). */
export function parseRangeDate(s: string): number {
  if (/(Z|[+-]\d{2}:\d{2})$/i.test(s)) return new Date(s).getTime();
  const asUtc = new Date(`${s}Z`).getTime();
  const fmt = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', timeZoneName: 'longOffset' }).format(new Date(asUtc));
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(fmt);
  const off = m ? (m[1] === '+' ? 1 : -1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return asUtc - off * 60_000;
}

function dateOf(i: InvoiceRec, t: Filters['dateRange']['dateType']): number {
  if (t === 'Issue') return parseRangeDate(`${i.meta!.issueDate}T00:00:00`);
  if (t === 'Invoicing') return new Date(i.invoicingDate).getTime();
  return new Date(i.permanentStorageDate!).getTime();
}

function hasRole(i: InvoiceRec, ctx: string, role: Filters['subjectType']): boolean {
  const m = i.meta!;
  if (role === 'Subject1') return m.sellerNip === ctx;
  if (role === 'Subject2') return m.buyer.type === 'Nip' && m.buyer.value === ctx;
  if (role === 'Subject3') return m.thirdSubjects.some((t) => t.value === ctx);
  return m.authorizedSubject?.nip === ctx;
}

/** The context is a party of the invoice (Subject1/2/3/Authorized), i.e. may see it. */
export function hasAnyRole(i: InvoiceRec, ctx: string): boolean {
  return !!i.meta && (['Subject1', 'Subject2', 'Subject3', 'SubjectAuthorized'] as const).some((r) => hasRole(i, ctx, r));
}

const INVOICE_TYPE: Record<string, string> = { VAT: 'Vat', ZAL: 'Zal', KOR: 'Kor', ROZ: 'Roz', UPR: 'Upr', KOR_ZAL: 'KorZal', KOR_ROZ: 'KorRoz' };

export function metadataView(i: InvoiceRec) {
  const m = i.meta!;
  return {
    ksefNumber: i.ksefNumber!,
    invoiceNumber: m.invoiceNumber,
    issueDate: m.issueDate,
    invoicingDate: i.invoicingDate,
    acquisitionDate: i.acquisitionDate!,
    permanentStorageDate: i.permanentStorageDate!,
    seller: { nip: m.sellerNip, name: m.sellerName ?? null },
    buyer: { identifier: { type: m.buyer.type, value: m.buyer.value ?? null }, name: m.buyer.name ?? null },
    netAmount: m.netAmount,
    grossAmount: m.grossAmount,
    vatAmount: m.vatAmount,
    currency: m.currency,
    invoicingMode: i.invoicingMode,
    invoiceType: INVOICE_TYPE[m.kind] ?? 'Vat',
    formCode: { systemCode: 'FA (3)', schemaVersion: '1-0E', value: 'FA' },
    isSelfInvoicing: m.isSelfInvoicing,
    hasAttachment: m.hasAttachment,
    invoiceHash: i.invoiceHash,
    hashOfCorrectedInvoice: i.hashOfCorrectedInvoice ?? null,
    thirdSubjects: m.thirdSubjects.length
      ? m.thirdSubjects.map((t) => ({ identifier: { type: t.type === 'Nip' ? 'Nip' : 'None', value: t.value ?? null }, name: t.name ?? null, role: t.role }))
      : null,
    authorizedSubject: m.authorizedSubject ? { nip: m.authorizedSubject.nip, name: m.authorizedSubject.name ?? null, role: m.authorizedSubject.role } : null,
  };
}

/** Matching, visible invoices sorted by the date of `dateType`; also the HWM used. */
/** Longest dateRange of a metadata query or export (open-api.json 2.7.1+: 100 days in UTC). */
const MAX_RANGE_MS = 100 * 24 * 3600_000;

function select(em: Emu, ctx: string, f: Filters, order: 'Asc' | 'Desc') {
  const dr = f.dateRange;
  const from = parseRangeDate(dr.from);
  let to = dr.to ? parseRangeDate(dr.to) : Date.now();
  if (Number.isNaN(from) || Number.isNaN(to)) throw exception(21405, 'Nieprawidłowy format daty w dateRange.');
  // API 2.7.1: at most 100 days counted in UTC (before: 3 months).
  if (to - from > MAX_RANGE_MS) throw exception(21405, 'Zakres dat nie może przekraczać 100 dni.');
  if (to < from) throw exception(21405, 'Data "to" jest wcześniejsza niż "from".');
  // HWM: every invoice with permanentStorageDate <= HWM is already visible (pobieranie-faktur/hwm.md).
  const hwm = Date.now() - 1;
  if (dr.dateType === 'PermanentStorage' && dr.restrictToPermanentStorageHwmDate) {
    if (from > hwm) throw exception(21183);
    to = Math.min(to, hwm);
  }
  // "For older periods it equals the query's conditions" (open-api.json, permanentStorageHwmDate):
  // never report an HWM beyond an explicit `to`, or a client would skip (to, HWM].
  const reportedHwm = dr.to ? Math.min(hwm, parseRangeDate(dr.to)) : hwm;
  const list = Object.values(em.s.invoices).filter((i) => {
    if (i.status.code !== 200 || !i.permanentStorageDate || !i.meta) return false;
    if (!hasRole(i, ctx, f.subjectType)) return false;
    const d = dateOf(i, dr.dateType);
    if (d < from || d > to) return false;
    const m = i.meta;
    if (f.ksefNumber && i.ksefNumber !== f.ksefNumber) return false;
    if (f.invoiceNumber && m.invoiceNumber !== f.invoiceNumber) return false;
    if (f.sellerNip && m.sellerNip !== f.sellerNip) return false;
    if (f.buyerIdentifier && (m.buyer.type !== f.buyerIdentifier.type || (f.buyerIdentifier.value && m.buyer.value !== f.buyerIdentifier.value))) return false;
    if (f.currencyCodes?.length && !f.currencyCodes.includes(m.currency)) return false;
    if (f.invoicingMode && i.invoicingMode !== f.invoicingMode) return false;
    if (f.isSelfInvoicing != null && m.isSelfInvoicing !== f.isSelfInvoicing) return false;
    if (f.hasAttachment != null && m.hasAttachment !== f.hasAttachment) return false;
    if (f.formType && f.formType !== 'FA') return false;
    if (f.invoiceTypes?.length && !f.invoiceTypes.includes(INVOICE_TYPE[m.kind] ?? 'Vat')) return false;
    if (f.amount) {
      const v = f.amount.type === 'Brutto' ? m.grossAmount : f.amount.type === 'Netto' ? m.netAmount : m.vatAmount;
      if (f.amount.from != null && v < f.amount.from) return false;
      if (f.amount.to != null && v > f.amount.to) return false;
    }
    return true;
  });
  list.sort((a, b) => (dateOf(a, dr.dateType) - dateOf(b, dr.dateType)) * (order === 'Desc' ? -1 : 1) || a.ksefNumber!.localeCompare(b.ksefNumber!));
  return { list, hwm: dr.dateType === 'PermanentStorage' ? apiDate(reportedHwm) : null };
}

export function exportPart(em: Emu, ref: string, ordinal: number, sig: string): Buffer | undefined {
  const e = em.s.exports[ref];
  const p = e?.parts?.find((x) => x.ordinalNumber === ordinal && x.token === sig);
  return p ? Buffer.from(p.dataB64, 'base64') : undefined;
}

function tarGz(files: { name: string; data: Buffer }[]): Buffer {
  const blocks: Buffer[] = [];
  for (const f of files) {
    const h = Buffer.alloc(512);
    h.write(f.name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(f.data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write(
      Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0') + '\0',
      136,
    );
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    const sum = h.reduce((s, b) => s + b, 0);
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, f.data, Buffer.alloc((512 - (f.data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

export function invoiceRoutes(em: Emu): Route[] {
  return [
    {
      method: 'POST',
      template: '/invoices/query/metadata',
      name: 'invoices.query.metadata',
      auth: 'access',
      group: 'invoiceMetadata',
      handler: (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceRead']);
        const f = ctx.json<Filters>();
        const order = (ctx.query.get('sortOrder') ?? 'Asc') as 'Asc' | 'Desc';
        const { list, hwm } = select(em, a.contextValue, f, order);
        const isTruncated = list.length > MAX_RESULTS;
        const capped = list.slice(0, MAX_RESULTS);
        const size = Number(ctx.query.get('pageSize') ?? 10);
        const off = Number(ctx.query.get('pageOffset') ?? 0) * size;
        const page = capped.slice(off, off + size);
        // Truncated: hasMore stays true on the last capped page, so a client narrows dateRange from the
        // last date (open-api.json: "hasMore = true i isTruncated = true → zawęź dateRange").
        return json(200, { hasMore: off + size < capped.length || (isTruncated && page.length > 0), isTruncated, permanentStorageHwmDate: hwm, invoices: page.map(metadataView) });
      },
    },
    {
      method: 'GET',
      template: '/invoices/ksef/{ksefNumber}',
      name: 'invoices.download',
      auth: 'access',
      group: 'invoiceDownload',
      handler: (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceRead']);
        const n = ctx.params.ksefNumber!;
        if (!isValidKsefNumber(n)) throw exception(21405, 'Nieprawidłowy numer KSeF (format lub suma kontrolna).');
        const inv = em.s.invoices[em.s.ksefIndex[n] ?? ''];
        const visible = inv && hasAnyRole(inv, a.contextValue);
        if (!inv || !visible) throw exception(21164);
        if (!inv.permanentStorageDate) throw exception(21165);
        const xml = Buffer.from(inv.xmlB64!, 'base64');
        return { status: 200, raw: xml, contentType: 'application/xml', headers: { 'x-ms-meta-hash': sha256b64(xml) } };
      },
    },
    {
      method: 'POST',
      template: '/invoices/exports',
      name: 'invoices.export',
      auth: 'access',
      group: 'invoiceExport',
      handler: (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceRead']);
        const b = ctx.json<{
          encryption: { encryptedSymmetricKey: string; initializationVector: string; publicKeyId?: string | null };
          filters: Filters;
          onlyMetadata?: boolean;
          compressionType?: string | null;
        }>();
        const running = Object.values(em.s.exports).filter((e) => e.context.value === a.contextValue && e.status.code === 100).length;
        if (running >= 10) throw exception(21182);
        const { keyB64, ivB64 } = unwrapKey(em, b.encryption);
        // Validate the filters synchronously (21405 / 21183), as the query does.
        const { list, hwm } = select(em, a.contextValue, b.filters, 'Asc');
        const referenceNumber = makeReferenceNumber('EH');
        const rec = {
          referenceNumber,
          context: { type: a.contextType, value: a.contextValue },
          created: apiDate(),
          status: { code: 100, description: 'Eksport faktur w toku' } as Status,
        } as import('./state').ExportRec;
        em.s.exports[referenceNumber] = rec;
        em.later(() => {
          if (!keyB64) {
            rec.status = { code: 415, description: 'Błąd odszyfrowania dostarczonego klucza' };
            return;
          }
          const isTruncated = list.length > MAX_RESULTS;
          const chosen = list.slice(0, MAX_RESULTS);
          const files = [
            ...(b.onlyMetadata ? [] : chosen.map((i) => ({ name: `${i.ksefNumber}.xml`, data: Buffer.from(i.xmlB64!, 'base64') }))),
            { name: '_metadata.json', data: Buffer.from(JSON.stringify({ invoices: chosen.map(metadataView) }), 'utf8') },
          ];
          const pkg = b.compressionType === 'TarGz' ? tarGz(files) : Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.name, new Uint8Array(f.data)]))));
          const key = Buffer.from(keyB64, 'base64');
          const iv = Buffer.from(ivB64, 'base64');
          rec.parts = [];
          for (let off = 0, n = 1; off < pkg.length || n === 1; off += EXPORT_PART, n++) {
            const plain = pkg.subarray(off, off + EXPORT_PART);
            const enc = aesCbcEncrypt(key, iv, plain);
            rec.parts.push({
              ordinalNumber: n,
              token: randomBytes(18).toString('base64url'),
              dataB64: enc.toString('base64'),
              partSize: plain.length,
              partHash: sha256b64(plain),
              encryptedPartSize: enc.length,
              encryptedPartHash: sha256b64(enc),
            });
            if (off + EXPORT_PART >= pkg.length) break;
          }
          const last = chosen[chosen.length - 1];
          const dt = b.filters.dateRange.dateType;
          rec.package = {
            invoiceCount: chosen.length,
            size: pkg.length,
            isTruncated,
            lastIssueDate: isTruncated && dt === 'Issue' ? last?.meta?.issueDate : null,
            lastInvoicingDate: isTruncated && dt === 'Invoicing' ? last?.invoicingDate : null,
            lastPermanentStorageDate: isTruncated && dt === 'PermanentStorage' ? last?.permanentStorageDate : null,
            permanentStorageHwmDate: hwm,
            compressionType: b.compressionType ?? 'Zip',
          };
          rec.status = { code: 200, description: 'Eksport faktur zakończony sukcesem' };
          rec.completedDate = apiDate();
          rec.packageExpirationDate = apiDate(Date.now() + EXPORT_RETENTION_MS);
        });
        return json(201, { referenceNumber });
      },
    },
    {
      method: 'GET',
      template: '/invoices/exports/{referenceNumber}',
      name: 'invoices.export.status',
      auth: 'access',
      group: 'invoiceExportStatus',
      handler: (ctx) => {
        const a = ctx.auth!;
        em.requireAny(a, ['InvoiceRead']);
        const e = em.s.exports[ctx.params.referenceNumber!];
        if (!e || e.context.value !== a.contextValue) throw exception(21175);
        if (Date.now() - new Date(e.created).getTime() > EXPORT_RETENTION_MS) throw gone();
        const exp = apiDate(Date.now() + 3600_000);
        return json(200, {
          status: e.status,
          completedDate: e.completedDate ?? null,
          packageExpirationDate: e.packageExpirationDate ?? null,
          package: e.package
            ? {
                ...e.package,
                compressionType: e.package.compressionType ?? 'Zip', // API 2.7.1 (an export kept from before has none)
                parts: (e.parts ?? []).map((p) => ({
                  ordinalNumber: p.ordinalNumber,
                  partName: `${e.referenceNumber}-${String(p.ordinalNumber).padStart(3, '0')}.${p.ordinalNumber}.aes`,
                  method: 'GET',
                  url: em.url(`/__storage/export/${e.referenceNumber}/${p.ordinalNumber}?sig=${p.token}`),
                  partSize: p.partSize,
                  partHash: p.partHash,
                  encryptedPartSize: p.encryptedPartSize,
                  encryptedPartHash: p.encryptedPartHash,
                  expirationDate: exp,
                })),
              }
            : null,
        });
      },
    },
  ];
}
