import 'server-only';
/**
 * Counting a list stops here: an exact total of a 100,000-invoice tenant costs a scan of every row on
 * every page view and tells the user no more than "over a thousand" (they filter instead).
 */
export const COUNT_CAP = 1_000;

/**
 * Offset paging of one list: read `take` rows (one more than the page, so "next" is known even past
 * the counting cap) and count at most COUNT_CAP + 1 rows. A limited count needs an order, and Prisma
 * picks the id, which no (tenantId, …) index serves: order it by the tenant instead, a constant
 * PostgreSQL drops, leaving it free to count along whichever index fits the filter, with no sort.
 */
export function pageWindow(page: number, pageSize: number) {
  return { skip: (page - 1) * pageSize, take: pageSize + 1, count: { take: COUNT_CAP + 1, orderBy: { tenantId: 'asc' as const } } };
}

export function pageOf<T>(rows: T[], counted: number, pageSize: number) {
  const totalIsCapped = counted > COUNT_CAP;
  const total = Math.min(counted, COUNT_CAP);
  return {
    rows: rows.slice(0, pageSize),
    total,
    totalIsCapped,
    /** Pages known to exist; more may follow when the total is capped. */
    pages: Math.max(1, Math.ceil(total / pageSize)),
    hasNextPage: rows.length > pageSize,
  };
}
