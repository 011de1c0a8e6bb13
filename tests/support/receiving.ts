/**
 * Other companies issuing invoices TO a tenant, for receiving tests: a seller NIP authenticates to
 * the emulator with its own self-signed seal (owner of its context) and really sends FA(3) invoices
 * built with lib/fa3 through our client library (sendOnline / sendBatch), with the tenant as buyer
 * (Podmiot2), third party (Podmiot3) or authorised subject (PodmiotUpowazniony).
 */
import { buildFa3, completeInvoice, todayInPoland, type InvoiceDraft, type XmlNode } from '@/lib/fa3';
import { generateDevCertificate } from '@/lib/ksef/auth/dev-certificate';
import { credentialFromPem } from '@/lib/ksef/auth/credentials';
import { prepareInvoice } from '@/lib/ksef/crypto';
import { KsefClient, type KsefClientOptions } from '@/lib/ksef/ksef-client';
import { sendBatch } from '@/lib/ksef/sessions/batch';
import { sendOnline } from '@/lib/ksef/sessions/online';
import { uniqueNip } from './nip';

export type ReceivingRole = 'buyer' | 'thirdParty' | 'authorized';

export interface Seller {
  nip: string;
  client: KsefClient;
}

export async function createSeller(baseUrl: string, extra: Partial<KsefClientOptions> = {}): Promise<Seller> {
  const nip = uniqueNip();
  const dev = await generateDevCertificate({ nip, keyType: 'EC' });
  const client = new KsefClient({ environment: { baseUrl }, credential: credentialFromPem(dev.certificatePem, dev.privateKeyPem), timeoutMs: 15_000, ...extra });
  return { nip, client };
}

const el = (name: string, children: (XmlNode | false | undefined)[]): XmlNode => ({ name, children: children.filter(Boolean) as XmlNode[] });
const leaf = (name: string, text: string): XmlNode => ({ name, text });

let seq = 0;

/** An FA(3) invoice from `sellerNip` in which `tenantNip` has `role` (the buyer is someone else unless role = buyer). */
export function purchaseInvoiceXml(o: { sellerNip: string; tenantNip: string; role: ReceivingRole; number?: string; lines?: number; alsoThirdParty?: boolean }): string {
  const today = todayInPoland();
  const other = '3861610227';
  const draft: InvoiceDraft = {
    createdAt: `${today}T08:00:00Z`,
    systemInfo: 'test-seller',
    seller: { nip: o.sellerNip, name: `Dostawca ${o.sellerNip} Sp. z o.o.`, address: { country: 'PL', line1: 'ul. Dostawcza 5', line2: '00-100 Warszawa' } },
    buyer: {
      id: { type: 'nip', nip: o.role === 'buyer' ? o.tenantNip : other },
      name: o.role === 'buyer' ? 'Nasza Firma Sp. z o.o.' : 'Inny Nabywca S.A.',
      address: { country: 'PL', line1: 'ul. Kupiecka 2', line2: '00-950 Warszawa' },
      jst: false,
      gv: false,
    },
    ...(o.role === 'thirdParty' || o.alsoThirdParty ? { thirdParties: [{ id: { type: 'nip' as const, nip: o.tenantNip }, name: 'Nasza Firma jako płatnik', role: { code: '2' } }] } : {}),
    currency: 'PLN',
    issueDate: today,
    number: o.number ?? `FZ/${Date.now().toString(36)}/${++seq}/${Math.random().toString(36).slice(2, 7)}`,
    saleDate: today,
    annotations: { cashMethod: false, selfBilling: false, reverseCharge: false, splitPayment: false, simplifiedTriangular: false },
    kind: 'VAT',
    lines: Array.from({ length: o.lines ?? 2 }, (_, i) => ({ no: String(i + 1), name: `Towar ${i + 1}`, unit: 'szt.', quantity: String(i + 1), unitNetPrice: '19.99', vatRate: i % 2 ? '8' : '23' })),
    payment: { dueDates: [{ date: today }], method: '6', bankAccounts: [{ number: '73111111111111111111111111' }] },
    ...(o.role === 'authorized'
      ? {
          extra: {
            PodmiotUpowazniony: [
              el('PodmiotUpowazniony', [
                el('DaneIdentyfikacyjne', [leaf('NIP', o.tenantNip), leaf('Nazwa', 'Nasza Firma (organ egzekucyjny)')]),
                el('Adres', [leaf('KodKraju', 'PL'), leaf('AdresL1', 'ul. Urzędowa 1'), leaf('AdresL2', '00-001 Warszawa')]),
                leaf('RolaPU', '1'),
              ]),
            ],
          },
        }
      : {}),
  };
  return buildFa3(completeInvoice(draft));
}

/** Sends the invoices (online for a few, batch for many); returns their KSeF numbers. Throws if any was not accepted. */
export async function issueInvoices(seller: Seller, xmls: string[]): Promise<string[]> {
  if (!xmls.length) return [];
  const ctx = seller.client.context(seller.nip);
  const items = xmls.map((x, i) => ({ id: String(i), invoice: prepareInvoice(Buffer.from(x, 'utf8')) }));
  const results = xmls.length <= 20 ? (await sendOnline(ctx, items)).results : (await sendBatch(ctx, items, { wait: { timeoutMs: 600_000 } })).results;
  const numbers = results.map((r) => (r.state === 'accepted' ? r.ksefNumber : undefined));
  if (numbers.length !== xmls.length || numbers.some((n) => !n)) {
    throw new Error(`seller ${seller.nip}: not all invoices accepted: ${JSON.stringify(results.map((r) => (r.state === 'accepted' ? r.state : r)).slice(0, 3))}`);
  }
  return numbers as string[];
}
