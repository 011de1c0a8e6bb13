import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PRODUCTION_RATE_LIMITS, RateLimiter, minimumDurationMs, bucketFor, type Clock } from '@/lib/ksef/rate-limit';

class FakeClock implements Clock {
  t = 0;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private seq = 0;
  now = () => this.t;
  setTimeout = (fn: () => void, ms: number) => {
    const id = ++this.seq;
    this.timers.push({ at: this.t + ms, fn, id });
    return id;
  };
  clearTimeout = (h: unknown) => {
    this.timers = this.timers.filter((x) => x.id !== h);
  };
  private async flush() {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  }
  /** Fires due timers in order; microtasks (promise callbacks) run before time moves on. */
  async advanceTo(target: number) {
    await this.flush();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > target) break;
      this.timers.shift();
      this.t = next.at;
      next.fn();
      await this.flush();
    }
    this.t = target;
    await this.flush();
  }
}

const SEND = ['POST', '/sessions/online/{referenceNumber}/invoices'] as const;

async function departures(lim: RateLimiter, clock: FakeClock, ctx: string, n: number, until: number) {
  const times: number[] = [];
  const all = Array.from({ length: n }, () => lim.acquire(ctx, ...SEND).then(() => times.push(clock.now())));
  await clock.advanceTo(until);
  await Promise.all(all.slice(0, times.length));
  return times;
}

describe('RateLimiter (sliding windows per context and group)', () => {
  it('maps endpoints to KSeF groups; unlisted endpoints get their own counter', () => {
    expect(bucketFor('POST', '/sessions/online/{referenceNumber}/invoices').group).toBe('invoiceSend');
    expect(bucketFor('POST', '/sessions/online').counter).toBe('onlineSession');
    expect(bucketFor('POST', '/sessions/online/{referenceNumber}/close').counter).toBe('onlineSessionClose');
    expect(bucketFor('GET', '/tokens').counter).not.toBe(bucketFor('POST', '/tokens').counter);
    expect(bucketFor('POST', '/auth/challenge').perIp).toBe(true);
  });

  it('puts every operation of open-api.json in the group its 429 table names, with those limits (anonymous = public)', () => {
    type Op = { responses: Record<string, { description?: string }>; 'x-rate-limits'?: { perSecond?: number } };
    const spec = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../../../emulator/schemas/open-api.json'), 'utf8')) as { paths: Record<string, Record<string, Op>> };
    const wrong: string[] = [];
    for (const [template, ops] of Object.entries(spec.paths))
      for (const [method, op] of Object.entries(ops)) {
        if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
        const m = /\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\d+)\s*\|\s*(\w+)/.exec(op.responses['429']?.description ?? '');
        const want = m
          ? { group: m[4]!, limits: { perSecond: Number(m[1]), perMinute: Number(m[2]), perHour: Number(m[3]) } }
          : { group: 'public', limits: { perSecond: op['x-rate-limits']?.perSecond } };
        const got = bucketFor(method.toUpperCase(), template).group;
        // A named group or `other` exactly as the contract says, its limits equal; public endpoints 60/s per IP.
        if (got !== want.group || JSON.stringify(PRODUCTION_RATE_LIMITS[got]) !== JSON.stringify(want.limits)) wrong.push(`${method.toUpperCase()} ${template}: ${got} ≠ ${want.group}`);
      }
    expect(wrong).toEqual([]);
  });

  it('never exceeds 10/s, 30/min, 180/h for invoice sends and uses the budget fully', async () => {
    const clock = new FakeClock();
    const lim = new RateLimiter({ clock, marginMs: 0 });
    const times = await departures(lim, clock, 'Nip:1', 200, 4 * 3600_000);
    expect(times).toHaveLength(200);
    const maxIn = (len: number) => Math.max(...times.map((t) => times.filter((x) => x >= t && x < t + len).length));
    expect(maxIn(1000)).toBeLessThanOrEqual(10);
    expect(maxIn(60_000)).toBeLessThanOrEqual(30);
    expect(maxIn(3_600_000)).toBeLessThanOrEqual(180);
    // Greedy: the first 10 at once, the next 10 one second later, the 31st one minute after the first.
    expect(times.slice(0, 10).every((t) => t === 0)).toBe(true);
    expect(times[10]).toBe(1000);
    expect(times[30]).toBe(60_000);
    expect(times[179]).toBe(minimumDurationMs(180, { perSecond: 10, perMinute: 30, perHour: 180 }));
    expect(times[180]).toBe(3_600_000);
  });

  it('contexts have independent budgets', async () => {
    const clock = new FakeClock();
    const lim = new RateLimiter({ clock, marginMs: 0 });
    const a: number[] = [];
    const b: number[] = [];
    const pa = Array.from({ length: 30 }, () => lim.acquire('Nip:A', ...SEND).then(() => a.push(clock.now())));
    const pb = Array.from({ length: 30 }, () => lim.acquire('Nip:B', ...SEND).then(() => b.push(clock.now())));
    await clock.advanceTo(5_000);
    await Promise.all([...pa, ...pb]);
    expect(a.filter((t) => t === 0)).toHaveLength(10);
    expect(b.filter((t) => t === 0)).toHaveLength(10);
  });

  it('a shared per-IP bucket is served round-robin across contexts (fairness)', async () => {
    const clock = new FakeClock();
    const lim = new RateLimiter({ clock, marginMs: 0, limits: { public: { perSecond: 2 } } });
    const order: string[] = [];
    const p = [
      ...Array.from({ length: 6 }, () => lim.acquire('Nip:BUSY', 'POST', '/auth/challenge').then(() => order.push('BUSY'))),
      ...Array.from({ length: 2 }, () => lim.acquire('Nip:QUIET', 'POST', '/auth/challenge').then(() => order.push('QUIET'))),
    ];
    await clock.advanceTo(10_000);
    await Promise.all(p);
    // QUIET is not starved behind the six BUSY requests queued before it.
    expect(order.slice(0, 6).filter((x) => x === 'QUIET')).toHaveLength(2);
  });

  it('honours Retry-After: nothing leaves the bucket before it passes', async () => {
    const clock = new FakeClock();
    const lim = new RateLimiter({ clock, marginMs: 0 });
    lim.penalize('Nip:1', ...SEND, 7);
    let at = -1;
    const p = lim.acquire('Nip:1', ...SEND).then(() => (at = clock.now()));
    await clock.advanceTo(6_999);
    expect(at).toBe(-1);
    await clock.advanceTo(7_000);
    await p;
    expect(at).toBe(7_000);
  });

  it('adds the safety margin to every window', () => {
    const clock = new FakeClock();
    const lim = new RateLimiter({ clock, marginMs: 100, limits: { invoiceSend: { perSecond: 1 } } });
    void lim.acquire('Nip:1', ...SEND);
    expect(lim.nextSlot('Nip:1', ...SEND)).toBe(1_100);
  });
});
