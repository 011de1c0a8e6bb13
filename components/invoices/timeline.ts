/** The invoice status timeline as data: draft → issued → queued → sending → accepted | rejected. */

export type StepKey = 'DRAFT' | 'ISSUED' | 'QUEUED' | 'WAITING_FOR_PERMISSION' | 'SENDING' | 'ACCEPTED' | 'REJECTED';
export type StepState = 'done' | 'current' | 'todo' | 'warn' | 'failed';

export interface TimelineStep {
  key: StepKey;
  state: StepState;
  /** When the step happened (ISO), from the audit trail. */
  at?: string;
}

export interface TimelineEvent {
  action: string;
  createdAt: Date | string;
}

const ORDER: Record<string, number> = { DRAFT: 0, ISSUED: 1, QUEUED: 2, WAITING_FOR_PERMISSION: 2, SENDING: 3, ACCEPTED: 4, REJECTED: 4 };

const iso = (d: Date | string) => (typeof d === 'string' ? d : d.toISOString());

/** The latest event of an action (an invoice can be queued again after waiting for permissions). */
function lastAt(events: TimelineEvent[], action: string): string | undefined {
  let at: string | undefined;
  for (const e of events) if (e.action === action) at = iso(e.createdAt);
  return at;
}

export function timelineSteps(status: string, events: TimelineEvent[], ksefAcquisitionDate?: Date | string | null): TimelineStep[] {
  const pos = ORDER[status] ?? 0;
  const stateOf = (stepPos: number): StepState => (pos > stepPos ? 'done' : pos === stepPos ? 'current' : 'todo');
  const step = (key: StepKey, state: StepState, at?: string): TimelineStep => (at && state !== 'todo' ? { key, state, at } : { key, state });
  const steps: TimelineStep[] = [step('DRAFT', pos === 0 ? 'current' : 'done'), step('ISSUED', stateOf(1), lastAt(events, 'invoice.issued'))];
  if (status === 'WAITING_FOR_PERMISSION') steps.push(step('WAITING_FOR_PERMISSION', 'warn', lastAt(events, 'invoice.held')));
  else steps.push(step('QUEUED', stateOf(2), lastAt(events, 'invoice.queued')));
  steps.push(step('SENDING', stateOf(3), lastAt(events, 'invoice.sending') ?? lastAt(events, 'ksef.invoice.sent')));
  if (status === 'REJECTED') steps.push(step('REJECTED', 'failed', lastAt(events, 'invoice.rejected')));
  else {
    const accepted = ksefAcquisitionDate ? iso(ksefAcquisitionDate) : lastAt(events, 'invoice.accepted');
    steps.push(step('ACCEPTED', status === 'ACCEPTED' ? 'done' : 'todo', accepted));
  }
  return steps;
}
