import fs from 'node:fs';
import path from 'node:path';
import { startEmulator } from '@/emulator/server';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';

/** Our provider's NIP on a local machine (any checksum-valid NIP; TEST accepts self-signed seals). */
export const LOCAL_PROVIDER_NIP = '5213012343';

/**
 * The KSeF a local run talks to: the emulator in this process, and a self-signed company seal of our
 * provider NIP (generated once into `dir`, never committed). Returns the environment for lib/ksef.
 */
export async function startLocalKsef(opts: { dir?: string; port?: number; processingDelayMs?: number }) {
  let certificatePem: string;
  let privateKeyPem: string;
  const certFile = opts.dir && path.join(opts.dir, 'provider-cert.pem');
  const keyFile = opts.dir && path.join(opts.dir, 'provider-key.pem');
  if (certFile && keyFile && fs.existsSync(certFile) && fs.existsSync(keyFile)) {
    certificatePem = fs.readFileSync(certFile, 'utf8');
    privateKeyPem = fs.readFileSync(keyFile, 'utf8');
  } else {
    const dev = await generateDevCertificate({ nip: LOCAL_PROVIDER_NIP, organizationName: 'KSeF Faktury Sp. z o.o. (lokalnie)' });
    certificatePem = dev.certificatePem;
    privateKeyPem = dev.privateKeyPem;
    if (opts.dir && certFile && keyFile) {
      fs.mkdirSync(opts.dir, { recursive: true });
      fs.writeFileSync(certFile, certificatePem);
      fs.writeFileSync(keyFile, privateKeyPem, { mode: 0o600 });
    }
  }
  const emulator = await startEmulator({
    port: opts.port ?? 0,
    // The dev app and the e2e run send many invoices quickly: raised limits, said so (production is the emulator's default).
    rateLimits: 'raised',
    processingDelayMs: opts.processingDelayMs ?? 300,
    stateFile: opts.dir ? path.join(opts.dir, 'emulator-state.json') : undefined,
  });
  const env: Record<string, string> = {
    KSEF_ENV: 'CUSTOM',
    KSEF_BASE_URL: emulator.baseUrl,
    KSEF_QR_BASE_URL: 'https://qr-test.ksef.mf.gov.pl',
    KSEF_PROVIDER_NIP: LOCAL_PROVIDER_NIP,
    KSEF_PROVIDER_CERT_PEM: certificatePem,
    KSEF_PROVIDER_KEY_PEM: privateKeyPem,
    KSEF_EMULATOR_ADMIN_URL: emulator.adminUrl,
  };
  return { emulator, env };
}
