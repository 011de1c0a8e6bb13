/** The FA(3) content of a received invoice (lib/server/purchases/invoice-sections.ts) laid out as the sales invoice page is: cards, dl, tables. */
import Link from 'next/link';
import type { Locale, Translate } from '@/lib/i18n';
import { formatCount } from '@/lib/i18n/format';
import type { Cell, Entry, Section, Table } from '@/lib/server/purchases/invoice-sections';

function Lines({ lines, token }: { lines: string[]; token?: boolean }) {
  return (
    <>
      {lines.map((l, i) => (
        <span key={i} className={token ? 'pur-line nowrap' : 'pur-line'}>
          {l}
        </span>
      ))}
    </>
  );
}

export function Entries({ entries, nested }: { entries: Entry[]; nested?: boolean }) {
  return (
    <dl className={nested ? 'inv-dl pur-dl pur-nested' : 'inv-dl pur-dl'}>
      {entries.map((e, i) => (
        <div key={i} className="pur-pair">
          <dt>{e.label}</dt>
          <dd>
            <Lines lines={e.lines} token={e.token} />
            {e.children && e.children.length > 0 && <Entries entries={e.children} nested />}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function CellView({ c, num, wide, head }: { c: Cell; num?: boolean; wide?: boolean; head?: boolean }) {
  const className = [num && 'num', wide && 'pur-wide'].filter(Boolean).join(' ') || undefined;
  const content = (
    <>
      {c.text}
      {c.notes && c.notes.length > 0 && (
        <span className="pur-notes">
          {c.notes.map((n, i) => (
            <span key={i} className="pur-line">
              {n}
            </span>
          ))}
        </span>
      )}
    </>
  );
  return head ? (
    <th scope="row" className={className}>
      {content}
    </th>
  ) : (
    <td className={className}>{content}</td>
  );
}

function TableView({ table }: { table: Table }) {
  return (
    <div className="table-wrap pur-table-wrap">
      <table className="data pur-table">
        {table.caption && <caption>{table.caption}</caption>}
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={[c.num && 'num', c.wide && 'pur-wide'].filter(Boolean).join(' ') || undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            <tr key={i}>
              {r.map((c, j) => (
                <CellView key={j} c={c} num={table.columns[j]?.num} wide={table.columns[j]?.wide} />
              ))}
            </tr>
          ))}
        </tbody>
        {table.foot && (
          <tfoot>
            {table.foot.map((r, i) => (
              <tr key={i} className="pur-sum">
                {r.map((c, j) => (
                  <CellView key={j} c={c} num={j > 0 || table.columns[j]?.num} head={j === 0} />
                ))}
              </tr>
            ))}
          </tfoot>
        )}
      </table>
    </div>
  );
}

function LinesPager({ paging, id, t, locale }: { paging: NonNullable<Section['paging']>; id: string; t: Translate; locale: Locale }) {
  if (paging.pages <= 1) return null;
  const n = (x: number) => formatCount(x, locale);
  const href = (page: number) => `/purchases/${id}?linesPage=${page}#sec-lines`;
  return (
    <nav className="pager pur-pager" aria-label={t('purchases.linesNav')} data-testid="lines-pager">
      <span>{t('purchases.linesRange', { from: n(paging.from), to: n(paging.to), total: n(paging.total) })}</span>
      {paging.page > 1 && (
        <Link className="btn btn-small" href={href(paging.page - 1)}>
          {t('purchases.linesPrev')}
        </Link>
      )}
      {paging.page < paging.pages && (
        <Link className="btn btn-small" href={href(paging.page + 1)}>
          {t('purchases.linesNext')}
        </Link>
      )}
      <span className="muted">{t('purchases.linesAllInXml')}</span>
    </nav>
  );
}

function Body({ s }: { s: Section }) {
  return (
    <>
      {s.entries.length > 0 && <Entries entries={s.entries} />}
      {s.paragraphs?.map((p, i) => (
        <p key={i} className="pur-paragraph">
          {p}
        </p>
      ))}
      {s.tables
        ?.filter((t) => t.rows.length > 0)
        .map((t, i) => (
          <TableView key={i} table={t} />
        ))}
    </>
  );
}

export function SectionView({ s, t, locale, id }: { s: Section; t: Translate; locale: Locale; id: string }) {
  return (
    <section className="card inv-section pur-section" data-section={s.id} aria-labelledby={`sec-${s.id}`}>
      <h2 id={`sec-${s.id}`}>{s.title}</h2>
      <Body s={s} />
      {s.paging && <LinesPager paging={s.paging} id={id} t={t} locale={locale} />}
      {s.parts?.map((p) => (
        <div key={p.id} className="pur-part" data-part={p.id}>
          <h3>{p.title}</h3>
          <Body s={p} />
        </div>
      ))}
    </section>
  );
}

/** All sections; seller and buyer side by side on a wide screen. */
export function PurchaseSections({ sections, t, locale, id }: { sections: Section[]; t: Translate; locale: Locale; id: string }) {
  const parties = sections.filter((s) => s.id === 'seller' || s.id === 'buyer');
  const rest = sections.filter((s) => !parties.includes(s));
  return (
    <>
      {parties.length > 0 && (
        <div className="pur-grid">
          {parties.map((s) => (
            <SectionView key={s.id} s={s} t={t} locale={locale} id={id} />
          ))}
        </div>
      )}
      {rest.map((s) => (
        <SectionView key={s.id} s={s} t={t} locale={locale} id={id} />
      ))}
    </>
  );
}
