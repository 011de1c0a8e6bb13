import 'server-only';
import { CircuitBreaker, type BreakerSnapshot, type CircuitBreakerOptions } from '@/lib/ksef';
import { rawDb } from '@/lib/db/client';
import { logger } from '@/lib/logger';

/**
 * Whether KSeF answers, shared by every process through one row per environment: a process whose
 * circuit breaker opens writes since when KSeF has not answered; one that gets an answer clears it.
 * The shell shows it on every page, so nobody wonders why invoices wait.
 */
export function availabilityBreaker(environment: () => string, opts: Omit<CircuitBreakerOptions, 'onChange'> = {}): CircuitBreaker {
  return new CircuitBreaker({ ...opts, onChange: (s) => void recordAvailability(environment(), s) });
}

async function recordAvailability(environment: string, s: BreakerSnapshot): Promise<void> {
  try {
    const unreachableSince = s.state === 'closed' ? null : s.unreachableSince;
    await rawDb().ksefAvailability.upsert({ where: { environment }, create: { environment, unreachableSince }, update: { unreachableSince } });
    cached.delete(environment); // this process sees its own change at once
    if (unreachableSince) logger.warn({ environment, since: unreachableSince }, 'KSeF unreachable: circuit open');
    else logger.info({ environment }, 'KSeF answers again: circuit closed');
  } catch (e) {
    logger.warn({ err: e }, 'could not record KSeF availability');
  }
}

/** The shell asks on every page: one read per environment and process every few seconds is enough. */
const CACHE_MS = 5_000;
const cached = new Map<string, { at: number; since: Date | null }>();

/** Since when KSeF (this deployment's environment) has not answered, or null. */
export async function ksefUnreachableSince(environment: string | null): Promise<Date | null> {
  if (!environment) return null;
  const hit = cached.get(environment);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.since;
  const row = await rawDb().ksefAvailability.findUnique({ where: { environment }, select: { unreachableSince: true } });
  const since = row?.unreachableSince ?? null;
  cached.set(environment, { at: Date.now(), since });
  return since;
}
