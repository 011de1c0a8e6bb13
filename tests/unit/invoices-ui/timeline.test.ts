import { describe, expect, it } from 'vitest';
import { timelineSteps } from '@/components/invoices/timeline';

const ev = (action: string, at: string) => ({ action, createdAt: new Date(at) });

describe('status timeline', () => {
  it('a draft is the current step and nothing else happened', () => {
    expect(timelineSteps('DRAFT', []).map((s) => `${s.key}:${s.state}`)).toEqual(['DRAFT:current', 'ISSUED:todo', 'QUEUED:todo', 'SENDING:todo', 'ACCEPTED:todo']);
  });

  it('an accepted invoice has every step done, with times from the audit trail and KSeF', () => {
    const steps = timelineSteps(
      'ACCEPTED',
      [ev('invoice.issued', '2026-03-10T10:00:00Z'), ev('invoice.queued', '2026-03-10T10:00:01Z'), ev('invoice.sending', '2026-03-10T10:00:03Z')],
      new Date('2026-03-10T10:00:09Z'),
    );
    expect(steps.every((s) => s.state === 'done')).toBe(true);
    expect(steps.find((s) => s.key === 'SENDING')?.at).toBe('2026-03-10T10:00:03.000Z');
    expect(steps.at(-1)).toEqual({ key: 'ACCEPTED', state: 'done', at: '2026-03-10T10:00:09.000Z' });
  });

  it('a rejected invoice ends with a failed step', () => {
    const steps = timelineSteps('REJECTED', [ev('invoice.rejected', '2026-03-10T10:01:00Z')]);
    expect(steps.at(-1)).toMatchObject({ key: 'REJECTED', state: 'failed' });
    expect(steps.some((s) => s.key === 'ACCEPTED')).toBe(false);
  });

  it('waiting for permission replaces the queued step and is marked as held', () => {
    const steps = timelineSteps('WAITING_FOR_PERMISSION', [ev('invoice.held', '2026-03-10T10:00:00Z')]);
    expect(steps.map((s) => `${s.key}:${s.state}`)).toEqual(['DRAFT:done', 'ISSUED:done', 'WAITING_FOR_PERMISSION:warn', 'SENDING:todo', 'ACCEPTED:todo']);
  });

  it('uses the latest event when a step happened twice', () => {
    const steps = timelineSteps('QUEUED', [ev('invoice.queued', '2026-03-10T10:00:00Z'), ev('invoice.queued', '2026-03-11T08:00:00Z')]);
    expect(steps.find((s) => s.key === 'QUEUED')).toEqual({ key: 'QUEUED', state: 'current', at: '2026-03-11T08:00:00.000Z' });
  });
});
