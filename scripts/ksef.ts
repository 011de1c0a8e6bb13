/**
 * Operator CLI for the KSeF client (docs/ksef-client.md). Environment and provider credential come
 * from KSEF_* variables; nothing secret is ever printed.
 *
 *   npm run ksef -- whoami --nip NIP
 *   npm run ksef -- send FILE.xml --nip NIP
 *   npm run ksef -- status SESSION_REF --nip NIP [--invoice INVOICE_REF]
 *   npm run ksef -- upo SESSION_REF --nip NIP [--invoice INVOICE_REF | --ksef-number N]
 *   npm run ksef -- sign FILE.xml --cert C --key K [--key-password P] [--out OUT.xml]
 *   npm run ksef -- dev-cert --nip NIP --out DIR [--ec]     (self-signed seal for TEST / the emulator)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { signXades } from '@/lib/ksef/auth/xades';
import { createKsefClientFromEnv } from '@/lib/ksef/config';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { KsefError } from '@/lib/ksef/errors';
import { checkAccess } from '@/lib/ksef/permissions';
import { kodIUrl } from '@/lib/ksef/qr';
import { getInvoiceStatus, getInvoiceUpo, getSessionStatus, getSessionUpo, listSessionInvoices } from '@/lib/ksef/sessions/common';
import { OnlineSession } from '@/lib/ksef/sessions/online';

const USAGE = `usage: npm run ksef -- <whoami|send|status|upo|sign|dev-cert> [args]
  whoami --nip NIP
  send FILE.xml --nip NIP
  status SESSION_REF --nip NIP [--invoice INVOICE_REF]
  upo SESSION_REF --nip NIP [--invoice INVOICE_REF | --ksef-number KSEF_NUMBER]
  sign FILE.xml --cert CERT.pem --key KEY.pem [--key-password P] [--out OUT.xml]
  dev-cert --nip NIP --out DIR [--ec]
environment: KSEF_ENV (TEST|DEMO|PRD|CUSTOM), KSEF_BASE_URL, KSEF_PROVIDER_NIP, and the provider credential
  (KSEF_PROVIDER_CERT_FILE + KSEF_PROVIDER_KEY_FILE [+ KSEF_PROVIDER_KEY_PASSWORD] | KSEF_PROVIDER_P12_FILE + KSEF_PROVIDER_P12_PASSWORD |
   KSEF_PROVIDER_CERT_PEM + KSEF_PROVIDER_KEY_PEM)`;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    nip: { type: 'string' },
    invoice: { type: 'string' },
    'ksef-number': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'key-password': { type: 'string' },
    out: { type: 'string' },
    ec: { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});

const [command, arg] = positionals;

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined || v === '') {
    console.error(`missing ${what}\n${USAGE}`);
    process.exit(2);
  }
  return v;
}

function print(obj: unknown): void {
  console.log(JSON.stringify(obj, null, 2));
}

async function main(): Promise<void> {
  if (!command || values.help) {
    console.log(USAGE);
    return;
  }
  switch (command) {
    case 'sign': {
      const file = need(arg, 'FILE.xml');
      const cred = credentialFromPem(readFileSync(need(values.cert, '--cert'), 'utf8'), readFileSync(need(values.key, '--key'), 'utf8'), values['key-password']);
      const signed = await signXades(readFileSync(file, 'utf8'), cred);
      if (values.out) {
        writeFileSync(values.out, signed);
        console.error(`signed with ${cred.keyType} certificate ${cred.fingerprint} → ${values.out}`);
      } else process.stdout.write(signed + '\n');
      return;
    }
    case 'dev-cert': {
      const nip = need(values.nip, '--nip');
      const out = need(values.out, '--out');
      const dev = await generateDevCertificate({ nip, keyType: values.ec ? 'EC' : 'RSA' });
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'provider.crt'), dev.certificatePem);
      writeFileSync(path.join(out, 'provider.key'), dev.privateKeyPem, { mode: 0o600 });
      console.log(`wrote ${path.join(out, 'provider.crt')} and provider.key (self-signed seal VATPL-${nip}; TEST/emulator only)`);
      console.log(`export KSEF_PROVIDER_CERT_FILE=${path.join(out, 'provider.crt')} KSEF_PROVIDER_KEY_FILE=${path.join(out, 'provider.key')} KSEF_PROVIDER_NIP=${nip}`);
      return;
    }
  }

  const client = createKsefClientFromEnv(process.env);
  const nip = need(values.nip, '--nip');
  const ctx = client.context(nip);
  switch (command) {
    case 'whoami': {
      const access = await checkAccess(ctx);
      print({
        environment: client.environment.name,
        baseUrl: client.environment.baseUrl,
        provider: { nip: client.providerNip, credential: client.authenticator.id },
        context: access.context,
        authenticated: access.authenticated,
        permissions: access.permissions,
        canSend: access.canSend,
        canRead: access.canRead,
        ...(access.error ? { error: { code: access.error.code, message: access.error.message, reason: access.error.reason, reasonParams: access.error.reasonParams } } : {}),
      });
      if (!access.authenticated) process.exitCode = 3;
      return;
    }
    case 'send': {
      const file = need(arg, 'FILE.xml');
      const prepared = prepareInvoice(readFileSync(file));
      console.error(`invoiceHash ${prepared.invoiceHash} (${prepared.invoiceSize} bytes)`);
      const session = await OnlineSession.open(ctx);
      console.error(`session ${session.referenceNumber}`);
      const sent = await session.send(prepared);
      await session.close();
      const outcome = await session.waitForInvoice(sent.referenceNumber);
      const issueDate = /<P_1>(\d{4}-\d{2}-\d{2})<\/P_1>/.exec(prepared.xml.toString('utf8'))?.[1];
      const sellerNip = /<Podmiot1>[\s\S]*?<NIP>(\d{10})<\/NIP>/.exec(prepared.xml.toString('utf8'))?.[1];
      print({
        sessionReferenceNumber: session.referenceNumber,
        invoiceReferenceNumber: sent.referenceNumber,
        invoiceHash: prepared.invoiceHash,
        state: outcome.state,
        ...(outcome.state === 'accepted' ? { ksefNumber: outcome.ksefNumber, duplicate: outcome.duplicate } : {}),
        ...(outcome.state === 'rejected'
          ? { error: { code: outcome.error.code, message: outcome.error.message, reason: outcome.error.reason, reasonParams: outcome.error.reasonParams, details: outcome.error.details } }
          : {}),
        status: outcome.status.status,
        ...(issueDate && sellerNip ? { kodI: kodIUrl({ environment: { qrBaseUrl: client.environment.qrBaseUrl }, sellerNip, issueDate, invoiceHash: prepared.invoiceHash }) } : {}),
      });
      if (outcome.state === 'rejected') process.exitCode = 4;
      return;
    }
    case 'status': {
      const ref = need(arg, 'SESSION_REF');
      if (values.invoice) {
        print(await getInvoiceStatus(ctx, ref, values.invoice));
        return;
      }
      const s = await getSessionStatus(ctx, ref);
      const invoices = [];
      for await (const inv of listSessionInvoices(ctx, ref)) {
        invoices.push({ referenceNumber: inv.referenceNumber, ksefNumber: inv.ksefNumber, invoiceNumber: inv.invoiceNumber, status: inv.status });
      }
      print({ ...s, invoices });
      return;
    }
    case 'upo': {
      const ref = need(arg, 'SESSION_REF');
      const ksefNumber = values['ksef-number'];
      const upos = values.invoice
        ? [await getInvoiceUpo(ctx, ref, { invoiceReferenceNumber: values.invoice })]
        : ksefNumber
          ? [await getInvoiceUpo(ctx, ref, { ksefNumber })]
          : await getSessionUpo(ctx, ref);
      if (values.out) {
        upos.forEach((u, i) => writeFileSync(upos.length > 1 ? `${values.out}.${i + 1}.xml` : values.out!, u.xml));
        console.error(`wrote ${upos.length} UPO document(s)`);
      } else for (const u of upos) process.stdout.write(u.xml + '\n');
      return;
    }
    default:
      console.error(`unknown command ${command}\n${USAGE}`);
      process.exit(2);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    if (e instanceof KsefError) {
      console.error(`${e.code}: ${e.message}${e.details.length ? `\n  ${e.details.join('\n  ')}` : ''}`);
    } else console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  },
);
