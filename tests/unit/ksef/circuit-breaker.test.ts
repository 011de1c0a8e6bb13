import { describe, expect, it } from 'vitest';
import { CircuitBreaker, KsefCircuitOpenError, type BreakerSnapshot } from '@/lib/ksef';
import { renderMessage, translator } from '@/lib/i18n';
import { ksefErrorMessage } from '@/lib/invoices/status-reason';

function clock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('circuit breaker', () => {
  it('opens after 5 unreachable requests in a row, fails fast, then lets one probe through after the cooldown', () => {
    const c = clock();
    const changes: BreakerSnapshot[] = [];
    const b = new CircuitBreaker({ now: c.now, baseCooldownMs: 15_000, onChange: (s) => changes.push(s) });
    for (let i = 0; i < 4; i++) {
      b.check();
      b.failure();
    }
    expect(b.snapshot().state).toBe('closed');
    b.check();
    b.failure();
    expect(b.snapshot()).toMatchObject({ state: 'open', consecutiveFailures: 5, unreachableSince: new Date(1_000_000) });
    expect(changes).toHaveLength(1);
    expect(() => b.check()).toThrow(KsefCircuitOpenError);
    const e = (() => {
      try {
        b.check();
      } catch (x) {
        return x as KsefCircuitOpenError;
      }
    })();
    expect([e?.reason, e?.reasonParams]).toEqual(['KSEF_CIRCUIT_OPEN', { since: { dateTime: new Date(1_000_000).toISOString() } }]);
    // 1,000,000 ms after the epoch is 01:16 in Warsaw (CET), shown in each reader's format.
    expect(renderMessage(translator('pl'), ksefErrorMessage(e))).toBe('KSeF nie odpowiada od 01.01.1970, 01:16 — ponowimy automatycznie.');
    expect(renderMessage(translator('en'), ksefErrorMessage(e))).toBe('KSeF has not been answering since 01/01/1970, 01:16 — we will retry automatically.');

    c.advance(15_000);
    b.check(); // the probe
    expect(() => b.check()).toThrow(KsefCircuitOpenError); // only one at a time
    b.failure(); // probe failed: cooldown doubles
    c.advance(15_000);
    expect(() => b.check()).toThrow(KsefCircuitOpenError);
    c.advance(15_000);
    b.check();
    b.success();
    expect(b.snapshot()).toEqual({ state: 'closed', unreachableSince: null, consecutiveFailures: 0 });
    expect(changes.map((s) => s.state)).toEqual(['open', 'closed']);
  });

  it('a success in between resets the count: only failures in a row open it', () => {
    const b = new CircuitBreaker({ threshold: 3 });
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(() => b.check()).not.toThrow();
  });
});
