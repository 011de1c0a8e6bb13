import Link from 'next/link';
import type { Translate } from '@/lib/i18n';

/**
 * Previous / next for a server-paged list. The links keep every filter of the list's query in the
 * URL (empty ones dropped), so paging never loses what the user filtered by. A list whose count was
 * capped shows "40+" pages and decides "next" by whether the page read one row more than it shows.
 */
export function Pager({
  path,
  query,
  page,
  pages,
  morePages = false,
  hasNext = page < pages,
  summary,
  t,
}: {
  path: string;
  query: Record<string, string | number | undefined>;
  page: number;
  pages: number;
  morePages?: boolean;
  hasNext?: boolean;
  summary: string;
  t: Translate;
}) {
  const href = (to: number) => {
    const params = Object.entries({ ...query, page: to }).filter(([, v]) => v !== undefined && String(v) !== '');
    return `${path}?${new URLSearchParams(params.map(([k, v]) => [k, String(v)]))}`;
  };
  return (
    <div className="pager">
      <span className="muted">{summary}</span>
      {page > 1 && (
        <Link className="btn btn-small" href={href(page - 1)}>
          {t('pager.previous')}
        </Link>
      )}
      <span>{t('pager.page', { page, pages: morePages ? `${Math.max(pages, page)}+` : pages })}</span>
      {hasNext && (
        <Link className="btn btn-small" href={href(page + 1)}>
          {t('pager.next')}
        </Link>
      )}
    </div>
  );
}
