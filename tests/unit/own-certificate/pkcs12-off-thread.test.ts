import { describe, expect, it } from 'vitest';
import { decodePkcs12, MAX_PKCS12_ITERATIONS, pkcs12IterationCounts, Pkcs12Error } from '@/lib/server/own-certificate/pkcs12-off-thread';
import { parseUpload } from '@/lib/server/own-certificate/parse-upload';
import { makeCertificate, toPkcs12, withMacIterations } from '../../support/certificates';

const NIP = '5265877635';

describe('PKCS#12 without blocking the server', () => {
  it('reads every iteration count of the file from its structure: the encrypted key bag and the MAC', async () => {
    const c = await makeCertificate({ seal: NIP });
    // forge encrypts the key bag (not the certificate bag) and MACs the whole, 2048 iterations each.
    expect(pkcs12IterationCounts(toPkcs12(c, 'haslo'))).toEqual([2048, 2048]);
    expect(pkcs12IterationCounts(toPkcs12(c, 'haslo', { iterations: 5_000 }))).toEqual([5_000, 5_000]);
    expect(pkcs12IterationCounts(withMacIterations(toPkcs12(c, 'haslo'), 8_000_000))).toContain(8_000_000);
  });

  it('refuses an absurd iteration count before deriving anything, next to the file field', async () => {
    const c = await makeCertificate({ seal: NIP });
    const hostile = withMacIterations(toPkcs12(c, 'haslo'), 8_000_000);
    expect(hostile.length).toBeLessThan(4_000);
    const e = await parseUpload({ format: 'P12', p12: hostile, password: 'haslo' }, NIP).catch((x) => x);
    expect(e).toMatchObject({ code: 'VALIDATION', field: 'p12File', messageKey: 'certificates.errors.p12TooManyIterations', params: { iterations: 8_000_000, max: MAX_PKCS12_ITERATIONS } });
    // An INTEGER too long for any count is refused the same way.
    const huge = await decodePkcs12(withMacIterations(toPkcs12(c, 'haslo'), 2 ** 31 - 1), 'haslo').catch((x) => x);
    expect(huge).toBeInstanceOf(Pkcs12Error);
  });

  it('derives in a worker thread: the event loop keeps running meanwhile, and a time budget stops it', async () => {
    const c = await makeCertificate({ seal: NIP });
    const slow = toPkcs12(c, 'haslo', { iterations: 60_000 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    const decoded = await decodePkcs12(slow, 'haslo');
    clearInterval(ticker);
    expect(decoded.certificates).toHaveLength(1);
    expect(decoded.key).not.toBeNull();
    // The timer fired while the key was being derived: the derivation did not hold this thread.
    expect(ticks).toBeGreaterThan(3);

    const stopped = await decodePkcs12(slow, 'haslo', { timeoutMs: 20 }).catch((x) => x);
    expect(stopped).toMatchObject({ failure: 'TIMEOUT' });
  });

  it('tells a wrong password from an unreadable file, as before', async () => {
    const c = await makeCertificate({ seal: NIP });
    expect(await decodePkcs12(toPkcs12(c, 'dobre'), 'zle').catch((x) => x)).toMatchObject({ failure: 'WRONG_PASSWORD' });
    expect(await decodePkcs12(Buffer.from('not a p12 at all'), 'x').catch((x) => x)).toMatchObject({ failure: 'UNREADABLE' });
    const ok = await parseUpload({ format: 'P12', p12: toPkcs12(c, 'dobre'), password: 'dobre' }, NIP);
    expect(ok.identifierValue).toBe(NIP);
  });
});
