/**
 * Fault injection and added latency for tests and demos (admin API, outside /v2).
 * An operation selector matches a route by its name (`sessions.online.send`), by `METHOD /template`
 * as in open-api.json (`POST /sessions/online/{referenceNumber}/invoices`), by the bare template, or
 * by a glob over the concrete path (`/sessions/*` , `*` = one or more characters).
 */
import { randomUUID } from 'node:crypto';

/**
 * `session-unavailable`: KSeF's 21184 „Sesja tymczasowo niedostępna” (API 2.8.0, POST /sessions/online/{referenceNumber}/invoices);
 * `http429`: the rate limiter's own answer (Retry-After: 1); `html502`: a gateway's HTML error page;
 * `upo-not-ready`: KSeF's 21178 „Nie znaleziono UPO dla podanych kryteriów”, its answer while an
 * accepted invoice's UPO is not generated yet (open-api.json, the invoice UPO endpoints).
 */
export type FaultMode = 'http500' | 'http503' | 'timeout' | 'drop' | 'session-unavailable' | 'http429' | 'html502' | 'upo-not-ready';

export interface Fault {
  id: string;
  operation: string;
  mode: FaultMode;
  remaining: number;
  /** 'before' = the call never reaches the handler; 'after' = the handler runs, the response is lost. */
  when: 'before' | 'after';
}

export interface Latency {
  id: string;
  operation?: string;
  ms: number;
}

export interface RouteRef {
  name: string;
  method: string;
  template: string;
  path: string;
}

export function selectorMatches(sel: string, r: RouteRef): boolean {
  const s = sel.trim();
  if (s === '*' || s === r.name || s === `${r.method} ${r.template}` || s === r.template) return true;
  const [m, p] = /^(GET|POST|PUT|DELETE|PATCH)\s+(.+)$/i.exec(s)?.slice(1) ?? [undefined, s];
  if (m && m.toUpperCase() !== r.method) return false;
  const pat = p!;
  if (!pat.includes('*')) return false;
  const re = new RegExp(
    '^' +
      pat
        .split('*')
        .map((x) => x.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('.+') +
      '$',
  );
  return re.test(r.path) || re.test(r.template) || re.test(r.name);
}

export class FaultRegistry {
  faults: Fault[] = [];
  latencies: Latency[] = [];

  addFault(f: Omit<Fault, 'id'>): Fault {
    const rec = { ...f, id: randomUUID() };
    this.faults.push(rec);
    return rec;
  }

  /** Consume one matching fault for this call, if any. */
  take(r: RouteRef, when: 'before' | 'after'): Fault | undefined {
    const f = this.faults.find((x) => x.when === when && x.remaining > 0 && selectorMatches(x.operation, r));
    if (!f) return undefined;
    f.remaining--;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
    return f;
  }

  setLatency(operation: string | undefined, ms: number): void {
    this.latencies = this.latencies.filter((l) => l.operation !== operation);
    if (ms > 0) this.latencies.push({ id: randomUUID(), operation, ms });
  }

  latencyFor(r: RouteRef): number {
    return this.latencies.filter((l) => !l.operation || selectorMatches(l.operation, r)).reduce((a, l) => a + l.ms, 0);
  }

  clear(): void {
    this.faults = [];
    this.latencies = [];
  }
}
