/**
 * UPO v4-3 (faktury/upo/schemy/upo-v4-3.xsd, examples in faktury/upo/przyklady/v4-3/): per invoice and
 * per session page (≤ 10,000 documents). Dates in Polish local time with offset. By default the
 * XSD-fixed `NazwaPodmiotuPrzyjmujacego` is used; TEST's environment suffix is an option.
 */
import path from 'node:path';
import { createXsdValidator, type CompiledXsd } from '@/lib/xml/xsd';
import type { Emu } from './core';
import { SCHEMA_DIR } from './openapi';
import type { InvoiceRec, SessionRec } from './state';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** `2025-09-16T11:05:40.841+02:00` in Europe/Warsaw. */
export function warsawDateTime(iso: string): string {
  const d = new Date(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  const local = Date.UTC(+parts.year!, +parts.month! - 1, +parts.day!, +parts.hour!, +parts.minute!, +parts.second!);
  const offMin = Math.round((local - Math.floor(d.getTime() / 1000) * 1000) / 60000);
  const sign = offMin >= 0 ? '+' : '-';
  const oh = String(Math.floor(Math.abs(offMin) / 60)).padStart(2, '0');
  const om = String(Math.abs(offMin) % 60).padStart(2, '0');
  const ms = String(d.getUTCMilliseconds()).padStart(3, '0');
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}.${ms}${sign}${oh}:${om}`;
}

const CONTEXT_ELEMENT: Record<string, string> = { Nip: 'Nip', InternalId: 'IdWewnetrzny', NipVatUe: 'IdZlozonyVatUE', PeppolId: 'IdDostawcyUslugPeppol' };
const STRUCTURE: Record<string, string> = {
  'FA (3)': 'Schemat_FA(3)_v1-0E.xsd',
  'FA (2)': 'Schemat_FA(2)_v1-0E.xsd',
  'FA_RR (1)': 'Schemat_FA_RR(1)_v1-1E.xsd',
  'PEF (3)': 'Schemat_PEF(3)_v2-1.xsd',
  'PEF_KOR (3)': 'Schemat_PEF_KOR(3)_v2-1.xsd',
};

export function buildUpo(em: Emu, session: SessionRec, docs: InvoiceRec[], page?: { n: number; of: number; from: number; to: number; total: number }): string {
  const op = em.s.authOps[session.authRef];
  const auth = op?.ksefTokenRef
    ? `<NumerReferencyjnyTokenaKSeF>${op.ksefTokenRef}</NumerReferencyjnyTokenaKSeF>`
    : `<SkrotDokumentuUwierzytelniajacego>${op?.documentHash ?? 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='}</SkrotDokumentuUwierzytelniajacego>`;
  const ctxEl = CONTEXT_ELEMENT[session.context.type] ?? 'Nip';
  const name = em.opts.upoEnvironmentSuffix ? 'Ministerstwo Finansów - środowisko testowe (TE)' : 'Ministerstwo Finansów';
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Potwierdzenie xmlns="http://upo.schematy.mf.gov.pl/KSeF/v4-3">',
    `\t<NazwaPodmiotuPrzyjmujacego>${name}</NazwaPodmiotuPrzyjmujacego>`,
    `\t<NumerReferencyjnySesji>${session.referenceNumber}</NumerReferencyjnySesji>`,
    `\t<Uwierzytelnienie>`,
    `\t\t<IdKontekstu>`,
    `\t\t\t<${ctxEl}>${esc(session.context.value)}</${ctxEl}>`,
    `\t\t</IdKontekstu>`,
    `\t\t${auth}`,
    `\t</Uwierzytelnienie>`,
  ];
  if (page)
    lines.push(
      '\t<OpisPotwierdzenia>',
      `\t\t<Strona>${page.n}</Strona>`,
      `\t\t<LiczbaStron>${page.of}</LiczbaStron>`,
      `\t\t<ZakresDokumentowOd>${page.from}</ZakresDokumentowOd>`,
      `\t\t<ZakresDokumentowDo>${page.to}</ZakresDokumentowDo>`,
      `\t\t<CalkowitaLiczbaDokumentow>${page.total}</CalkowitaLiczbaDokumentow>`,
      '\t</OpisPotwierdzenia>',
    );
  lines.push(
    `\t<NazwaStrukturyLogicznej>${STRUCTURE[session.formCode.systemCode] ?? 'Schemat_FA(3)_v1-0E.xsd'}</NazwaStrukturyLogicznej>`,
    `\t<KodFormularza>${esc(session.formCode.systemCode)}</KodFormularza>`,
  );
  for (const d of docs)
    lines.push(
      '\t<Dokument>',
      `\t\t<NipSprzedawcy>${d.meta!.sellerNip}</NipSprzedawcy>`,
      `\t\t<NumerKSeFDokumentu>${d.ksefNumber}</NumerKSeFDokumentu>`,
      `\t\t<NumerFaktury>${esc(d.meta!.invoiceNumber)}</NumerFaktury>`,
      `\t\t<DataWystawieniaFaktury>${d.meta!.issueDate}</DataWystawieniaFaktury>`,
      `\t\t<DataPrzeslaniaDokumentu>${warsawDateTime(d.invoicingDate)}</DataPrzeslaniaDokumentu>`,
      `\t\t<DataNadaniaNumeruKSeF>${warsawDateTime(d.acquisitionDate!)}</DataNadaniaNumeruKSeF>`,
      `\t\t<SkrotDokumentu>${d.invoiceHash}</SkrotDokumentu>`,
      `\t\t<TrybWysylki>${d.invoicingMode}</TrybWysylki>`,
      '\t</Dokument>',
    );
  lines.push('</Potwierdzenie>');
  return lines.join('\n');
}

let upoXsd: CompiledXsd | undefined;
export function validateUpo(xml: string) {
  upoXsd ??= createXsdValidator({ entry: path.join(SCHEMA_DIR, 'upo-v4-3.xsd') });
  return upoXsd.validate(xml);
}

export const UPO_PAGE_SIZE = 10_000;
