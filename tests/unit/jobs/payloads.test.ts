import { describe, expect, it } from 'vitest';
import { PAYLOADS, TASKS } from '@/lib/jobs/queue';
import { InvalidJobPayloadError, parsePayload } from '@/lib/worker/worker';

const tenantId = '0b9f6c3e-2f7d-4a51-9a8e-6d2f0c1b7e44';

describe('job payloads are parsed before a task runs', () => {
  it('accepts what the enqueuers build (and graphile-worker’s extra keys)', () => {
    expect(parsePayload(TASKS.sendTenantInvoices, PAYLOADS[TASKS.sendTenantInvoices], { tenantId })).toEqual({ tenantId });
    expect(parsePayload(TASKS.syncPurchases, PAYLOADS[TASKS.syncPurchases], { tenantId, runId: null, nightly: false, _cron: { ts: 'x' } })).toEqual({ tenantId, runId: null, nightly: false });
  });

  it('fails the job with the field and the rule, never the value', () => {
    const secretish = 'not-a-tenant-but-a-secret-token';
    let err: unknown;
    try {
      parsePayload(TASKS.checkPermissions, PAYLOADS[TASKS.checkPermissions], { tenantId: secretish });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidJobPayloadError);
    expect((err as Error).message).toMatch(/^Invalid payload for task "check-permissions": tenantId: /);
    expect((err as Error).message).not.toContain(secretish);
    expect(() => parsePayload(TASKS.sendTenantInvoices, PAYLOADS[TASKS.sendTenantInvoices], null)).toThrow(/payload: /);
    expect(() => parsePayload(TASKS.syncPurchases, PAYLOADS[TASKS.syncPurchases], { tenantId, nightly: 'yes' })).toThrow(/nightly: /);
  });
});
