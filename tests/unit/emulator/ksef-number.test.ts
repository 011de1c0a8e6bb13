import { describe, expect, it } from 'vitest';
import { crc8, isValidKsefNumber, isValidNip, makeKsefNumber, makeReferenceNumber } from '@/emulator/ksef-number';

describe('CRC-8 and KSeF numbers (faktury/numer-ksef.md)', () => {
  it('matches the documented example 5265877635-20250826-0100001AF629 → AF', () => {
    expect(crc8('5265877635-20250826-0100001AF629').toString(16).toUpperCase()).toBe('AF');
  });

  it('validates the numbers printed in the official UPO examples', () => {
    expect(isValidKsefNumber('5265877635-20250916-0200A0D6723E-C2')).toBe(true);
    expect(isValidKsefNumber('5265877635-20250916-010040741B3E-46')).toBe(true);
    expect(isValidKsefNumber('5265877635-20250916-010040741B3E-47')).toBe(false);
  });

  it('generates numbers with the seller NIP, the Warsaw date and a valid checksum', () => {
    const n = makeKsefNumber('5265877635', new Date('2025-12-31T23:30:00Z'));
    expect(n).toMatch(/^5265877635-20260101-[0-9A-F]{12}-[0-9A-F]{2}$/);
    expect(isValidKsefNumber(n)).toBe(true);
  });

  it('generates reference numbers in the YYYYMMDD-XX-10HEX-10HEX-CC shape with CRC over 33 chars', () => {
    const r = makeReferenceNumber('SO', new Date('2025-06-25T10:00:00Z'));
    expect(r).toMatch(/^20250625-SO-[0-9A-F]{10}-[0-9A-F]{10}-[0-9A-F]{2}$/);
    expect(r.slice(34)).toBe(crc8(r.slice(0, 33)).toString(16).toUpperCase().padStart(2, '0'));
  });

  it('checks NIP checksums', () => {
    expect(isValidNip('5265877635')).toBe(true);
    expect(isValidNip('5265877636')).toBe(false);
  });
});
