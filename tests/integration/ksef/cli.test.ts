/** The operator CLI against the emulator: whoami, send, status, upo, sign (env vars only, no secrets printed). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { createProvider, createTenant, invoiceXml, startKsefEmulator, type KsefTestEnv, type TestProvider } from '@/tests/support/ksef-emulator';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
let env: KsefTestEnv;
let provider: TestProvider;
let vars: Record<string, string>;
const dir = mkdtempSync(path.join(tmpdir(), 'ksef-cli-'));

beforeAll(async () => {
  env = await startKsefEmulator();
  provider = await createProvider(env);
  writeFileSync(path.join(dir, 'p.crt'), provider.certificatePem);
  writeFileSync(path.join(dir, 'p.key'), provider.privateKeyPem);
  vars = { KSEF_ENV: 'CUSTOM', KSEF_BASE_URL: env.baseUrl, KSEF_PROVIDER_NIP: provider.nip, KSEF_PROVIDER_CERT_FILE: path.join(dir, 'p.crt'), KSEF_PROVIDER_KEY_FILE: path.join(dir, 'p.key') };
});
afterAll(() => env?.close());

const cli = (args: string[]) => run('npx', ['tsx', 'scripts/ksef.ts', ...args], { cwd: root, env: { ...process.env, ...vars }, timeout: 60_000 });

describe('npm run ksef', () => {
  it('whoami, send, status and upo in a tenant context', async () => {
    const tenant = await createTenant(env, provider.nip);
    const who = JSON.parse((await cli(['whoami', '--nip', tenant])).stdout);
    expect(who).toMatchObject({ authenticated: true, canSend: true, provider: { nip: provider.nip } });

    const file = path.join(dir, 'inv.xml');
    writeFileSync(file, invoiceXml(tenant));
    const sent = await cli(['send', file, '--nip', tenant]);
    const out = JSON.parse(sent.stdout);
    expect(out.state).toBe('accepted');
    expect(out.kodI).toContain(`/invoice/${tenant}/`);
    expect(sent.stdout + sent.stderr).not.toContain(provider.privateKeyPem.split('\n')[1]!.slice(0, 24));

    const status = JSON.parse((await cli(['status', out.sessionReferenceNumber, '--nip', tenant])).stdout);
    expect(status.invoices[0].ksefNumber).toBe(out.ksefNumber);
    const upo = await cli(['upo', out.sessionReferenceNumber, '--nip', tenant, '--ksef-number', out.ksefNumber]);
    expect(upo.stdout).toContain(out.ksefNumber);
  });

  it('sign produces an XAdES signature over any XML', async () => {
    const file = path.join(dir, 'any.xml');
    writeFileSync(file, '<?xml version="1.0" encoding="UTF-8"?><Doc><A>1</A></Doc>');
    const { stdout } = await cli(['sign', file, '--cert', path.join(dir, 'p.crt'), '--key', path.join(dir, 'p.key')]);
    expect(stdout).toContain('<ds:Signature');
    expect(stdout).toContain('xades:SigningCertificate');
  });
});
