/**
 * Test support for lib/ksef against the emulator over HTTP: start an emulator, create a provider with a
 * self-signed VATPL seal, make tenants grant it entity permissions, build FA(3) invoices from the
 * fixture template, and call the emulator's admin API (faults, token expiry, revocation).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator } from '@/emulator/server';
import { generateDevCertificate, type DevKeyType } from '@/lib/ksef/auth/dev-certificate';
import { credentialFromPem, type SigningCredential } from '@/lib/ksef/auth/credentials';
import { KsefClient, type KsefClientOptions } from '@/lib/ksef/ksef-client';
import { uniqueNip } from './nip';

export { uniqueNip };

type EmulatorOptions = Parameters<typeof startEmulator>[0];

export interface KsefTestEnv {
  baseUrl: string;
  adminUrl: string;
  close(): Promise<void>;
  admin<T = unknown>(method: 'GET' | 'POST' | 'DELETE', sub: string, body?: unknown): Promise<T>;
}

export async function startKsefEmulator(opts: EmulatorOptions = {}): Promise<KsefTestEnv> {
  const emu = await startEmulator({ port: 0, rateLimits: 'off', ...opts });
  return {
    baseUrl: emu.baseUrl,
    adminUrl: emu.adminUrl,
    close: () => emu.close(),
    async admin<T>(method: 'GET' | 'POST' | 'DELETE', sub: string, body?: unknown): Promise<T> {
      const res = await fetch(`${emu.adminUrl}${sub}`, {
        method,
        headers: body ? { 'Content-Type': 'application/json' } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      if (res.status >= 400) throw new Error(`admin ${method} ${sub}: HTTP ${res.status} ${await res.text()}`);
      const text = await res.text();
      return (text ? JSON.parse(text) : undefined) as T;
    },
  };
}

export interface TestProvider {
  nip: string;
  credential: SigningCredential;
  certificatePem: string;
  privateKeyPem: string;
  client(extra?: Partial<KsefClientOptions>): KsefClient;
}

export async function createProvider(env: KsefTestEnv, keyType: DevKeyType = 'RSA'): Promise<TestProvider> {
  const nip = uniqueNip();
  const dev = await generateDevCertificate({ nip, keyType, organizationName: `Dostawca ${nip}` });
  const credential = credentialFromPem(dev.certificatePem, dev.privateKeyPem);
  return {
    nip,
    credential,
    certificatePem: dev.certificatePem,
    privateKeyPem: dev.privateKeyPem,
    client: (extra = {}) => new KsefClient({ environment: { baseUrl: env.baseUrl }, credential, providerNip: nip, retry: { baseDelayMs: 50, maxDelayMs: 500 }, timeoutMs: 5_000, ...extra }),
  };
}

/** A tenant that granted the provider InvoiceWrite + InvoiceRead (through the admin API). */
export async function createTenant(env: KsefTestEnv, providerNip: string, permissions = ['InvoiceWrite', 'InvoiceRead']): Promise<string> {
  const nip = uniqueNip();
  await env.admin('POST', '/grants', { contextNip: nip, subjectNip: providerNip, permissions });
  return nip;
}

/** A tenant OWNER client (self-signed VATPL-<tenant NIP> seal = owner on TEST/emulator). */
export async function tenantOwnerClient(env: KsefTestEnv, tenantNip: string): Promise<KsefClient> {
  const dev = await generateDevCertificate({ nip: tenantNip, keyType: 'EC' });
  return new KsefClient({ environment: { baseUrl: env.baseUrl }, credential: credentialFromPem(dev.certificatePem, dev.privateKeyPem), timeoutMs: 5_000 });
}

const TEMPLATE = readFileSync(path.resolve(import.meta.dirname, '../fixtures/ksef/fa3-invoice.template.xml'), 'utf8');

let seq = 0;
export function invoiceXml(sellerNip: string, opts: { number?: string; issueDate?: string } = {}): string {
  const number = opts.number ?? `FV/${Date.now().toString(36)}/${++seq}/${Math.random().toString(36).slice(2, 8)}`;
  // Today (Warsaw) keeps the invoice "Online"; earlier dates are classified Offline by KSeF (§7.8).
  const issueDate = opts.issueDate ?? new Date(Date.now() + 3600_000).toISOString().slice(0, 10);
  return TEMPLATE.replaceAll('{{SELLER_NIP}}', sellerNip).replaceAll('{{INVOICE_NUMBER}}', number).replaceAll('{{ISSUE_DATE}}', issueDate);
}
