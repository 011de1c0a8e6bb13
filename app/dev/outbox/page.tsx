import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { devOutboxDir, listOutbox } from '@/lib/server/mail/dev-outbox';

export const dynamic = 'force-dynamic';

/** What the local SMTP server of `npm run dev` (and of the e2e run) received; absent elsewhere. */
export default async function DevOutboxPage() {
  if (!devOutboxDir()) notFound();
  const { t, locale } = await getT();
  const messages = await listOutbox();
  return (
    <main className="dev-outbox">
      <h1>{t('devOutbox.title')}</h1>
      <p className="muted">{t('devOutbox.intro')}</p>
      {messages.length === 0 ? (
        <p className="card empty">{t('devOutbox.empty')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data stack-on-phone" data-testid="outbox">
            <thead>
              <tr>
                <th>{t('devOutbox.received')}</th>
                <th>{t('devOutbox.to')}</th>
                <th>{t('devOutbox.subject')}</th>
                <th>{t('devOutbox.attachments')}</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td data-label={t('devOutbox.received')} className="nowrap">
                    {formatDateTime(m.receivedAt, locale)}
                  </td>
                  <td data-label={t('devOutbox.to')}>{m.to}</td>
                  <td data-label={t('devOutbox.subject')}>
                    <Link href={`/dev/outbox/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td data-label={t('devOutbox.attachments')}>{m.attachments.map((a) => a.filename).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </main>
  );
}
