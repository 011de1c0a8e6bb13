'use client';
import { useEffect, useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { useLocale, useT } from '@/components/ui/use-t';
import { formatDateTime } from '@/lib/i18n/format';
import type { SyncStatus } from '@/lib/server/purchases/request-sync';
import type { ActionState } from '@/app/_lib/action-result';

const POLL_MS = 2000;
const live = (s: SyncStatus['run']) => !!s && (s.status === 'QUEUED' || s.status === 'RUNNING');

/**
 * "Synchronizuj" and the live progress of the tenant's purchase sync: polls
 * /api/purchases/sync-status every 2 s while a run is queued or running, then refreshes the server
 * page (new invoices in the list, a pause message if InvoiceRead is missing).
 */
export function SyncPanel({ initial, action }: { initial: SyncStatus; action: () => Promise<ActionState<{ runId: string; alreadyRunning: boolean }>> }) {
  const t = useT();
  const locale = useLocale();
  const router = useRouter();
  const [status, setStatus] = useState(initial);
  const [message, setMessage] = useState<string>();
  const [pending, start] = useTransition();
  const wasLive = useRef(live(initial.run));

  useEffect(() => {
    if (!live(status.run)) return;
    let stopped = false;
    const timer = setTimeout(async () => {
      try {
        const res = await fetch('/api/purchases/sync-status', { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!res.ok || stopped) return;
        const next = (await res.json()) as SyncStatus;
        setStatus(next);
        if (wasLive.current && !live(next.run)) router.refresh();
        wasLive.current = live(next.run);
      } catch {
        // Network hiccup: the next render polls again.
        if (!stopped) setStatus((s) => ({ ...s }));
      }
    }, POLL_MS);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [status, router]);

  const onSync = () =>
    start(async () => {
      const r = await action();
      if (r?.ok) {
        setMessage(t(r.data!.alreadyRunning ? 'purchases.alreadyRunning' : 'purchases.requested'));
        wasLive.current = true;
        setStatus((s) => ({
          ...s,
          run: {
            ...(s.run ?? { windows: 0, fetched: 0, created: 0, trigger: 'MANUAL', phase: null, errorCode: null, createdAt: new Date().toISOString(), finishedAt: null }),
            id: r.data!.runId,
            status: 'QUEUED',
          },
        }));
      } else if (r && !r.ok) setMessage(t(r.formError ?? 'errors.unexpected'));
    });

  const run = status.run;
  return (
    <div className="card" data-testid="sync-panel">
      <div className="page-head">
        <strong>{t('purchases.syncTitle')}</strong>
        {status.canSync ? (
          <button type="button" className="btn btn-primary" onClick={onSync} disabled={pending || live(run)} data-testid="sync-button">
            {t('purchases.sync')}
          </button>
        ) : status.nipVerified ? (
          <span className="muted">{t('purchases.viewerCannotSync')}</span>
        ) : null}
      </div>
      <p className="muted">{status.lastSuccessAt ? t('purchases.lastSync', { when: formatDateTime(new Date(status.lastSuccessAt), locale) }) : t('purchases.neverSynced')}</p>
      {run && (
        <p role="status" aria-live="polite" data-testid="sync-status" data-status={run.status}>
          {live(run) && <span className="inv-spinner" aria-hidden="true" />} {t(`purchases.runStatus.${run.status}`)} — {t('purchases.progress', { fetched: run.fetched, created: run.created })}
          {run.phase && live(run) && <span className="muted"> {t('purchases.phase', { phase: t(`purchases.phases.${run.phase}`) })}</span>}
        </p>
      )}
      {message && <p className="muted">{message}</p>}
    </div>
  );
}
