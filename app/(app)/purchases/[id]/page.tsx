import Link from 'next/link';
import { notFound as nextNotFound } from 'next/navigation';
import { requireActor } from '@/lib/auth/session';
import { getT } from '@/lib/i18n/server';
import type { Translate } from '@/lib/i18n';
import { formatDate, formatDateTime, formatMoney, formatNip } from '@/lib/i18n/format';
import type { XmlNode } from '@/lib/fa3/model';
import { AppError } from '@/lib/server/errors';
import { getPurchase } from '@/lib/server/purchases/get-purchase';
import { invoiceSections, type Field, type FieldKind, type Section } from '@/lib/server/purchases/invoice-sections';
import { MarkButton } from '../_components/mark-button';
import { markPurchaseAction } from '../actions';

export const dynamic = 'force-dynamic';

/** A label from the messages where one exists, else the FA(3) element name itself (never blank). */
function label(t: Translate, group: 'fields' | 'sections', name: string): string {
  const key = `purchases.${group}.${name}`;
  const v = t(key);
  return v === key ? name : v;
}

function show(t: Translate, locale: 'pl' | 'en', currency: string, value: string, kind?: FieldKind): string {
  if (kind === 'money' && /^-?\d+(\.\d+)?$/.test(value)) return formatMoney(value, currency, locale);
  if (kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
  if (kind === 'bool') return value === '1' ? t('purchases.yes') : t('purchases.no');
  if (kind === 'nip') return formatNip(value);
  return value;
}

/** Untyped content (Rozliczenie, WarunkiTransakcji, Zamowienie, Stopka, Zalacznik, …) as nested lists: nothing dropped. */
function Tree({ nodes, t }: { nodes: XmlNode[]; t: Translate }) {
  return (
    <dl className="xml-tree">
      {nodes.map((n, i) => (
        <div key={i} className="xml-node">
          <dt>
            {label(t, 'fields', n.name)}
            {n.attrs && Object.keys(n.attrs).length > 0 && (
              <span className="muted">
                {' '}
                {Object.entries(n.attrs)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(' ')}
              </span>
            )}
          </dt>
          <dd>
            {n.text !== undefined && !n.children?.length ? n.text : null}
            {n.children?.length ? <Tree nodes={n.children} t={t} /> : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function Fields({ fields, t, locale, currency }: { fields: Field[]; t: Translate; locale: 'pl' | 'en'; currency: string }) {
  return (
    <dl className="kv">
      {fields.map((f, i) => (
        <div key={i}>
          <dt>{label(t, 'fields', f.name)}</dt>
          <dd>{show(t, locale, currency, f.value, f.kind)}</dd>
        </div>
      ))}
    </dl>
  );
}

function LinesPager({ paging, id, t, locale }: { paging: NonNullable<Section['paging']>; id: string; t: Translate; locale: 'pl' | 'en' }) {
  if (paging.pages <= 1) return null;
  const n = (x: number) => new Intl.NumberFormat(locale === 'pl' ? 'pl-PL' : 'en-GB').format(x);
  const href = (page: number) => `/purchases/${id}?linesPage=${page}#sec-lines`;
  return (
    <nav className="pager" aria-label={t('purchases.linesNav')} data-testid="lines-pager">
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

function SectionView({ s, t, locale, currency, id }: { s: Section; t: Translate; locale: 'pl' | 'en'; currency: string; id: string }) {
  return (
    <section className="card" data-section={s.id} aria-labelledby={`sec-${s.id}`}>
      <h2 id={`sec-${s.id}`}>{label(t, 'sections', s.title)}</h2>
      {s.fields.length > 0 && <Fields fields={s.fields} t={t} locale={locale} currency={currency} />}
      {s.table && s.table.rows.length > 0 && (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                {s.table.columns.map((c) => (
                  <th key={c} scope="col">
                    {label(t, 'fields', c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {s.table.rows.map((r, i) => (
                <tr key={i}>
                  {r.cells.map((c, j) => (
                    <td key={j} className={r.kinds?.[j] === 'money' ? 'num' : undefined}>
                      {c === undefined ? '' : show(t, locale, currency, c, r.kinds?.[j])}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {s.paging && <LinesPager paging={s.paging} id={id} t={t} locale={locale} />}
      {s.tree && s.tree.length > 0 && <Tree nodes={s.tree} t={t} />}
    </section>
  );
}

export default async function PurchasePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ linesPage?: string }> }) {
  const { actor } = await requireActor();
  const { t, locale } = await getT();
  const { id } = await params;
  let p;
  try {
    p = await getPurchase(actor, id);
  } catch (e) {
    if (e instanceof AppError && e.code === 'NOT_FOUND') nextNotFound();
    throw e;
  }
  const linesPage = Number((await searchParams).linesPage ?? 1);
  const sections = p.invoice ? invoiceSections(p.invoice, { linesPage }) : [];
  return (
    <>
      <p>
        <Link href="/purchases">← {t('purchases.back')}</Link>
      </p>
      <div className="page-head">
        <h1 data-testid="purchase-number">{p.invoiceNumber}</h1>
        <span className="badge">{t(`purchases.type.${p.invoiceType}`)}</span>
      </div>
      <div className="card">
        <dl className="kv">
          <div>
            <dt>{t('purchases.ksefNumber')}</dt>
            <dd data-testid="purchase-ksef-number">{p.ksefNumber}</dd>
          </div>
          <div>
            <dt>{t('purchases.seller')}</dt>
            <dd>
              {p.sellerName} ({formatNip(p.sellerNip)})
            </dd>
          </div>
          <div>
            <dt>{t('purchases.issueDate')}</dt>
            <dd>{formatDate(p.issueDate, locale)}</dd>
          </div>
          <div>
            <dt>{t('purchases.receivedAt')}</dt>
            <dd>{formatDateTime(new Date(p.permanentStorageDate), locale)}</dd>
          </div>
          <div>
            <dt>{t('purchases.gross')}</dt>
            <dd>{formatMoney(p.totalGross, p.currency, locale)}</dd>
          </div>
          <div>
            <dt>{t('purchases.role')}</dt>
            <dd>{p.roles.map((r) => t(`purchases.roles.${r}`)).join(', ')}</dd>
          </div>
          <div>
            <dt>{t('purchases.hash')}</dt>
            <dd>
              <code className="mono">{p.xmlSha256}</code> <span className="muted">{t('purchases.size', { bytes: p.xmlSize })}</span>
            </dd>
          </div>
          <div>
            <dt>{t('purchases.paid')}</dt>
            <dd data-testid="mark-paid">{p.paid ? t('purchases.markedBy', { who: p.paid.by, when: formatDateTime(new Date(p.paid.at), locale) }) : t('purchases.no')}</dd>
          </div>
          <div>
            <dt>{t('purchases.booked')}</dt>
            <dd data-testid="mark-booked">{p.booked ? t('purchases.markedBy', { who: p.booked.by, when: formatDateTime(new Date(p.booked.at), locale) }) : t('purchases.no')}</dd>
          </div>
        </dl>
        <div className="actions">
          <a className="btn" href={`/api/purchases/${p.id}/xml`} download>
            {t('purchases.downloadXml')}
          </a>
          {p.invoice && (
            <a className="btn" href={`/api/purchases/${p.id}/pdf`} download>
              {t('purchases.downloadPdf')}
            </a>
          )}
          {p.canMark && (
            <>
              <MarkButton id={p.id} mark="paid" on={!!p.paid} action={markPurchaseAction} />
              <MarkButton id={p.id} mark="booked" on={!!p.booked} action={markPurchaseAction} />
            </>
          )}
        </div>
      </div>
      {p.parseError && (
        <div className="alert alert-warn" role="alert">
          {t('purchases.parseError', { error: p.parseError })}
        </div>
      )}
      {sections.map((s) => (
        <SectionView key={s.id} s={s} t={t} locale={locale} currency={p.currency} id={p.id} />
      ))}
    </>
  );
}
