/**
 * Identifiers the emulator generates: KSeF numbers and reference numbers.
 * faktury/numer-ksef.md: `NIP-YYYYMMDD-12HEX-CC`, CC = CRC-8 (poly 0x07, init 0x00, no reflection,
 * no final XOR) over the first 32 characters, both hyphens included.
 * Reference numbers (UPO XSD TNumerReferencyjny): `YYYYMMDD-XX-10HEX-10HEX-CC`; the docs do not say
 * what the last two characters are — most doc examples carry the same CRC-8 over the first 33 chars.
 */
import { randomBytes } from 'node:crypto';

export function crc8(input: string | Uint8Array): number {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let crc = 0;
  for (const b of bytes) {
    crc ^= b;
    for (let i = 0; i < 8; i++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

const hex2 = (n: number) => n.toString(16).toUpperCase().padStart(2, '0');

/** Calendar date `YYYYMMDD` in Europe/Warsaw (numer-ksef.md does not name the zone; Polish time assumed). */
export function warsawYmd(d: Date): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return parts.replace(/-/g, '');
}

export function randomHex(chars: number): string {
  return randomBytes(Math.ceil(chars / 2))
    .toString('hex')
    .toUpperCase()
    .slice(0, chars);
}

export function makeKsefNumber(sellerNip: string, at: Date, technical = randomHex(12)): string {
  const head = `${sellerNip}-${warsawYmd(at)}-${technical}`;
  return `${head}-${hex2(crc8(head))}`;
}

export const KSEF_NUMBER_RE = /^([1-9](\d[1-9]|[1-9]\d)\d{7})-(20[2-9][0-9]|2[1-9]\d{2}|[3-9]\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-([0-9A-F]{6}-?[0-9A-F]{6})-([0-9A-F]{2})$/;

export function isValidKsefNumber(n: string): boolean {
  if (n.length !== 35 || !KSEF_NUMBER_RE.test(n)) return false;
  return hex2(crc8(n.slice(0, 32))) === n.slice(33);
}

export type RefCode = 'CR' | 'AU' | 'SO' | 'SB' | 'EE' | 'EU' | 'EH' | 'EC' | 'EG' | 'EX';

export function makeReferenceNumber(code: RefCode, at: Date = new Date()): string {
  const ymd = at.toISOString().slice(0, 10).replace(/-/g, '');
  const head = `${ymd}-${code}-${randomHex(10)}-${randomHex(10)}`;
  return `${head}-${hex2(crc8(head))}`;
}

/** NIP checksum (weights 6,5,7,2,3,4,5,6,7; mod 11; 10 = invalid). */
export function isValidNip(nip: string): boolean {
  if (!/^\d{10}$/.test(nip)) return false;
  const w = [6, 5, 7, 2, 3, 4, 5, 6, 7];
  const sum = w.reduce((s, wi, i) => s + wi * Number(nip[i]), 0) % 11;
  return sum !== 10 && sum === Number(nip[9]);
}
