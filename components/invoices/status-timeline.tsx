'use client';
import { useT } from '@/components/ui/use-t';
import { formatDateTime } from '@/lib/i18n/format';
import { useLocale } from './use-locale';
import type { TimelineStep } from './timeline';

/** The invoice's way to KSeF as an ordered list; the current step is marked with aria-current. */
export function StatusTimeline({ steps, ksefNumber, reason }: { steps: TimelineStep[]; ksefNumber?: string | null; reason?: string | null }) {
  const t = useT();
  const locale = useLocale();
  return (
    <ol className="inv-timeline" aria-label={t('invoicePage.timeline')}>
      {steps.map((s) => (
        <li key={s.key} className={`inv-step inv-step-${s.state}`} aria-current={s.state === 'current' || s.state === 'warn' ? 'step' : undefined} data-testid={`step-${s.key}`}>
          <span className="inv-step-dot" aria-hidden="true" />
          <span className="inv-step-body">
            <strong>{t(`invoicePage.steps.${s.key}`)}</strong>
            <span className="inv-sr-only"> ({t(`invoicePage.stepStates.${s.state}`)})</span>
            {s.at && <span className="muted inv-step-at">{formatDateTime(new Date(s.at), locale)}</span>}
            {s.key === 'ACCEPTED' && s.state === 'done' && ksefNumber && <span className="mono inv-step-detail">{ksefNumber}</span>}
            {s.key === 'REJECTED' && reason && <span className="inv-step-detail">{reason}</span>}
          </span>
        </li>
      ))}
    </ol>
  );
}
