import type { Actor } from '@/lib/server/access';
import { invoiceEmailDraft, listInvoiceEmails } from '@/lib/server/invoices/email-invoice';
import { formatDateTime } from '@/lib/i18n/format';
import type { Locale, Translate } from '@/lib/i18n';
import { EmailInvoiceForm } from '@/components/invoices/email-invoice-form';
import { emailInvoiceAction } from '../email-actions';

const TONE = { QUEUED: 'tone-info', SENT: 'tone-ok', FAILED: 'tone-error' } as const;

/** „Wyślij fakturę e-mailem”: the form for accountants and owners, and every e-mail's delivery for all members. */
export async function EmailSection({ actor, inv, t, locale }: { actor: Actor; inv: { id: string; hasXml: boolean; canEdit: boolean }; t: Translate; locale: Locale }) {
  if (!inv.hasXml) return null;
  const [emails, draft] = await Promise.all([listInvoiceEmails(actor, inv.id), inv.canEdit ? invoiceEmailDraft(actor, inv.id) : null]);
  return (
    <section className="card inv-section" aria-labelledby="inv-email" data-testid="email-section">
      <h2 id="inv-email">{t('invoiceEmail.title')}</h2>
      {draft && (
        <>
          <p className="muted">{t('invoiceEmail.intro')}</p>
          <EmailInvoiceForm action={emailInvoiceAction} invoiceId={inv.id} draft={draft} />
        </>
      )}
      <h3>{t('invoiceEmail.history')}</h3>
      {emails.length === 0 ? (
        <p className="muted">{t('invoiceEmail.none')}</p>
      ) : (
        <ul className="email-history" data-testid="email-history">
          {emails.map((e) => (
            <li key={e.id} data-status={e.status}>
              <span className={`badge ${TONE[e.status]}`}>{t(`invoiceEmail.status.${e.status}`)}</span> <span className="email-to">{e.to}</span>{' '}
              <span className="muted nowrap">{formatDateTime(e.sentAt ?? e.createdAt, locale)}</span>
              {e.status !== 'SENT' && e.attempts > 0 && <span className="muted"> · {t('invoiceEmail.attempts', { n: e.attempts })}</span>}
              {e.status === 'FAILED' && e.lastError && <div className="muted email-error">{e.lastError}</div>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
