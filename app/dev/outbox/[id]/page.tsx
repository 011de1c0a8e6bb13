import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getT } from '@/lib/i18n/server';
import { formatDateTime } from '@/lib/i18n/format';
import { outboxMessage } from '@/lib/server/mail/dev-outbox';

export const dynamic = 'force-dynamic';

export default async function DevOutboxMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const m = await outboxMessage(id);
  if (!m) notFound();
  const { t, locale } = await getT();
  return (
    <main className="dev-outbox">
      <p>
        <Link href="/dev/outbox">← {t('devOutbox.back')}</Link>
      </p>
      <h1 data-testid="outbox-subject">{m.subject}</h1>
      <dl className="audit-details">
        <div>
          <dt>{t('devOutbox.to')}</dt>
          <dd data-testid="outbox-to">{m.to}</dd>
        </div>
        <div>
          <dt>{t('devOutbox.received')}</dt>
          <dd>{formatDateTime(m.receivedAt, locale)}</dd>
        </div>
        {m.files.length > 0 && (
          <div>
            <dt>{t('devOutbox.attachments')}</dt>
            <dd>
              {m.files.map((f, i) => (
                <a key={i} className="btn btn-small" href={`/dev/outbox/${m.id}/${i}`} download={f.filename}>
                  {f.filename}
                </a>
              ))}
            </dd>
          </div>
        )}
      </dl>
      <pre className="card dev-outbox-body" data-testid="outbox-body">
        {m.text}
      </pre>
    </main>
  );
}
