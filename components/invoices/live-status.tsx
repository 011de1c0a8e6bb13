'use client';
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { useT } from '@/components/ui/use-t';
import { isLiveStatus } from './form-state';

const POLL_MS = 2000;

/**
 * While the invoice is on its way to KSeF, polls /api/invoices/{id}/status every 2 s and re-renders
 * the server page (router.refresh) when the status changes; stops on ACCEPTED/REJECTED. Rendered
 * with key={status}, so each new status starts a fresh poller.
 */
export function LiveStatus({ invoiceId, status, updatedAt }: { invoiceId: string; status: string; updatedAt: string }) {
  const t = useT();
  const router = useRouter();
  const [problem, setProblem] = useState(false);
  const [changedTo, setChangedTo] = useState<string>();
  const seen = useRef({ status, updatedAt });

  useEffect(() => {
    if (!isLiveStatus(status)) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const res = await fetch(`/api/invoices/${invoiceId}/status`, { cache: 'no-store', headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { status: string; updatedAt: string };
        if (stopped) return;
        setProblem(false);
        if (body.status !== seen.current.status || body.updatedAt !== seen.current.updatedAt) {
          seen.current = { status: body.status, updatedAt: body.updatedAt };
          if (body.status !== status) setChangedTo(body.status);
          router.refresh();
        }
        if (!isLiveStatus(body.status)) return;
      } catch {
        if (stopped) return;
        setProblem(true);
      }
      timer = setTimeout(tick, POLL_MS);
    };
    timer = setTimeout(tick, POLL_MS);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [invoiceId, status, router]);

  if (!isLiveStatus(status) && !changedTo) return null;
  return (
    <p className="inv-live muted" role="status" aria-live="polite">
      {changedTo ? (
        t('invoicePage.liveChanged', { status: t(`invoiceStatus.${changedTo}`) })
      ) : problem ? (
        t('invoicePage.liveError')
      ) : (
        <>
          <span className="inv-spinner" aria-hidden="true" /> {t('invoicePage.liveChecking')}
        </>
      )}
    </p>
  );
}
