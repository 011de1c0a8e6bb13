import 'server-only';
import type { Prisma } from '@/lib/db/client';

/** Which counter a pattern uses: monthly when it shows the month, yearly with only the year, else one. */
export function periodKey(pattern: string, issueDate: string): string {
  if (pattern.includes('{MM}')) return issueDate.slice(0, 7);
  if (pattern.includes('{YYYY}')) return issueDate.slice(0, 4);
  return 'all';
}

export function formatNumber(pattern: string, n: number, issueDate: string): string {
  return pattern.replaceAll('{n}', String(n)).replaceAll('{MM}', issueDate.slice(5, 7)).replaceAll('{YYYY}', issueDate.slice(0, 4)).replaceAll('{YY}', issueDate.slice(2, 4));
}

/**
 * Next number of a series, gap-free and safe under concurrent issuing: the counter row is
 * incremented with an upsert whose row lock is held until the caller's transaction ends, so
 * concurrent issuers queue up, and a rolled-back issue (e.g. the invoice failed validation) gives
 * its number back.
 */
export async function allocateNumber(tx: Pick<Prisma.TransactionClient, '$queryRaw'>, series: { id: string; pattern: string }, issueDate: string): Promise<string> {
  const key = periodKey(series.pattern, issueDate);
  const rows = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO "InvoiceSeriesCounter" ("seriesId", "periodKey", "lastNumber") VALUES (${series.id}::uuid, ${key}, 1)
    ON CONFLICT ("seriesId", "periodKey") DO UPDATE SET "lastNumber" = "InvoiceSeriesCounter"."lastNumber" + 1
    RETURNING "lastNumber"`;
  return formatNumber(series.pattern, rows[0]!.lastNumber, issueDate);
}
