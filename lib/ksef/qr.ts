/**
 * KOD I — the verification link printed on an invoice (kody-qr.md, ksef-protocol.md §12):
 * `{QR host}/invoice/{seller NIP}/{P_1 as DD-MM-YYYY}/{SHA-256 of the exact file, Base64URL}`.
 * Caption: the KSeF number once known, else `OFFLINE`.
 */
import QRCode from 'qrcode';
import { ENVIRONMENTS, type KsefEnvironment } from './client';
import { base64ToBase64Url } from './crypto';

export interface KodIInput {
  /** QR host: an environment name or an explicit base URL. */
  environment: KsefEnvironment | { qrBaseUrl: string };
  sellerNip: string;
  /** P_1 (issue date) as YYYY-MM-DD, as in the invoice. */
  issueDate: string;
  /** invoiceHash (standard Base64 SHA-256 of the bytes sent). */
  invoiceHash: string;
}

export function kodIUrl(input: KodIInput): string {
  const host = typeof input.environment === 'string' ? ENVIRONMENTS[input.environment].qrBaseUrl : input.environment.qrBaseUrl.replace(/\/+$/, '');
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input.issueDate);
  if (!m) throw new Error('issueDate must be YYYY-MM-DD');
  if (!/^\d{10}$/.test(input.sellerNip)) throw new Error('sellerNip must be 10 digits');
  return `${host}/invoice/${input.sellerNip}/${m[3]}-${m[2]}-${m[1]}/${base64ToBase64Url(input.invoiceHash)}`;
}

export function kodICaption(ksefNumber?: string | null): string {
  return ksefNumber ?? 'OFFLINE';
}

/** The QR code as SVG markup (error correction M, as recommended for printed invoices). */
export function kodISvg(input: KodIInput): Promise<string> {
  return QRCode.toString(kodIUrl(input), { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export function kodIPng(input: KodIInput): Promise<Buffer> {
  return QRCode.toBuffer(kodIUrl(input), { type: 'png', errorCorrectionLevel: 'M', margin: 2, width: 300 });
}
