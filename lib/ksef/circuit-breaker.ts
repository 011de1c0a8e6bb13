import { KsefUnavailableError } from './errors';

/**
 * Stops hammering a KSeF that is down. After THRESHOLD requests in a row ended unreachable (each
 * after its own retries), further requests fail at once for a cooldown (15 s, doubling to 5 min);
 * then one request probes, and the first that KSeF answers — even with an error of its own —
 * closes the circuit. One breaker per client, i.e. per KSeF environment and process.
 */
export interface BreakerSnapshot {
  state: 'closed' | 'open' | 'half-open';
  /** When the current run of failures began (null while KSeF answers). */
  unreachableSince: Date | null;
  consecutiveFailures: number;
}

export interface CircuitBreakerOptions {
  threshold?: number;
  baseCooldownMs?: number;
  maxCooldownMs?: number;
  now?: () => number;
  /** Called when KSeF becomes unreachable and when it answers again (for a status others can see). */
  onChange?: (s: BreakerSnapshot) => void;
}

export class KsefCircuitOpenError extends KsefUnavailableError {}

export class CircuitBreaker {
  private failures = 0;
  private since: number | null = null;
  private openUntil = 0;
  private cooldown: number;
  private probing = false;
  private readonly threshold: number;
  private readonly base: number;
  private readonly max: number;
  private readonly now: () => number;

  constructor(private readonly opts: CircuitBreakerOptions = {}) {
    this.threshold = opts.threshold ?? 5;
    this.base = opts.baseCooldownMs ?? 15_000;
    this.max = opts.maxCooldownMs ?? 300_000;
    this.now = opts.now ?? Date.now;
    this.cooldown = this.base;
  }

  snapshot(): BreakerSnapshot {
    const state = this.failures < this.threshold ? 'closed' : this.now() < this.openUntil || this.probing ? 'open' : 'half-open';
    return { state, unreachableSince: this.since === null ? null : new Date(this.since), consecutiveFailures: this.failures };
  }

  /** Before a request: throws while the circuit is open; lets one probe through when the cooldown is over. */
  check(): void {
    if (this.failures < this.threshold) return;
    if (this.now() >= this.openUntil && !this.probing) {
      this.probing = true;
      return;
    }
    const since = new Date(this.since ?? this.now());
    throw new KsefCircuitOpenError({
      message: `KSeF unreachable since ${since.toISOString()}: not calling it until ${new Date(this.openUntil).toISOString()}`,
      reason: 'KSEF_CIRCUIT_OPEN',
      reasonParams: { since: { dateTime: since.toISOString() } },
    });
  }

  /** KSeF answered (with data or with an error of its own): it is reachable. */
  success(): void {
    const was = this.failures >= this.threshold || this.since !== null;
    this.failures = 0;
    this.since = null;
    this.cooldown = this.base;
    this.probing = false;
    if (was) this.opts.onChange?.(this.snapshot());
  }

  /** A request ended unreachable (connection failed, timed out, 5xx) after its retries. */
  failure(): void {
    const wasOpen = this.failures >= this.threshold;
    this.failures++;
    this.since ??= this.now();
    if (this.failures < this.threshold) return;
    if (this.probing) this.cooldown = Math.min(this.cooldown * 2, this.max);
    this.probing = false;
    this.openUntil = this.now() + this.cooldown;
    if (!wasOpen) this.opts.onChange?.(this.snapshot());
  }
}
