/**
 * Receiving against the emulator: metadata query, incremental HWM sync, download by KSeF number
 * (hash-checked), export (decrypt parts, unzip, _metadata.json).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { downloadExport, downloadInvoice, queryMetadata, startExport, syncIncremental, waitForExport } from '@/lib/ksef/invoices';
import { sendOnline } from '@/lib/ksef/sessions/online';
import { createProvider, createTenant, invoiceXml, startKsefEmulator, type KsefTestEnv } from '@/tests/support/ksef-emulator';

let env: KsefTestEnv;
beforeAll(async () => {
  env = await startKsefEmulator();
});
afterAll(() => env?.close());

describe('receiving invoices', () => {
  it('query, incremental sync from a checkpoint, download and export', async () => {
    const provider = await createProvider(env);
    const nip = await createTenant(env, provider.nip);
    const ctx = provider.client().context(nip);
    const from = new Date(Date.now() - 3600_000).toISOString();
    const xmls = [0, 1, 2].map(() => invoiceXml(nip));
    const sent = await sendOnline(
      ctx,
      xmls.map((x, i) => ({ id: String(i), invoice: prepareInvoice(x) })),
    );
    const numbers = sent.results.map((r) => (r.state === 'accepted' ? r.ksefNumber : 'x'));
    expect(numbers).not.toContain('x');

    // Wait until permanently stored (asynchronous in KSeF).
    let seen: string[] = [];
    for (let i = 0; i < 40 && seen.length < 3; i++) {
      seen = [];
      for await (const m of queryMetadata(ctx, { subjectType: 'Subject1', dateRange: { dateType: 'PermanentStorage', from } })) seen.push(m.ksefNumber);
      if (seen.length < 3) await new Promise((r) => setTimeout(r, 250));
    }
    expect(seen.sort()).toEqual([...numbers].sort());

    const step = await syncIncremental(ctx, 'Subject1', from);
    expect(step.invoices.map((m) => m.ksefNumber).sort()).toEqual([...numbers].sort());
    expect(step.more).toBe(false);
    // Nothing new: the next step from the returned checkpoint yields nothing.
    const again = await syncIncremental(ctx, 'Subject1', step.nextCheckpoint);
    expect(again.invoices.filter((m) => numbers.includes(m.ksefNumber))).toEqual([]);

    const dl = await downloadInvoice(ctx, numbers[0]!);
    expect(dl.xml.toString('utf8')).toBe(xmls[0]);

    const handle = await startExport(ctx, { subjectType: 'Subject1', dateRange: { dateType: 'PermanentStorage', from } });
    const content = await downloadExport(ctx, handle, await waitForExport(ctx, handle.referenceNumber));
    expect(content.metadata.map((m) => m.ksefNumber).sort()).toEqual([...numbers].sort());
    expect(content.files.get(numbers[1]!)?.toString('utf8')).toBe(xmls[1]);
  });
});
