/**
 * KSeF-token authentication (uwierzytelnianie.md, tokeny-ksef.md): `<token>|<timestampMs>` encrypted
 * with RSA-OAEP-SHA-256 under the MF key of usage KsefTokenEncryption, then the common poll/redeem.
 */
import { createHash } from 'node:crypto';
import { inspect } from 'node:util';
import type { HttpClient } from '../client';
import { rsaOaepEncrypt } from '../crypto';
import { KsefAuthenticationError, KsefBadRequestError } from '../errors';
import type { PublicKeyCache } from '../public-keys';
import type { ContextIdentifier } from './auth-token-request';
import type { Authenticator } from './authenticator';
import { getChallenge, redeemTokens, waitForAuthentication, type TokenPair } from './challenge';

export function encryptKsefToken(token: string, timestampMs: number, mfCertificateDerBase64: string): string {
  return rsaOaepEncrypt(mfCertificateDerBase64, Buffer.from(`${token}|${timestampMs}`, 'utf8')).toString('base64');
}

export class KsefTokenAuthenticator implements Authenticator {
  readonly id: string;
  readonly #token: string;

  constructor(
    token: string,
    private readonly keys: PublicKeyCache,
  ) {
    this.#token = token;
    // The id must not reveal the secret: a truncated hash is enough to tell tokens apart.
    this.id = `token:${createHash('sha256').update(token).digest('hex').slice(0, 16)}`;
  }

  async authenticate(http: HttpClient, context: ContextIdentifier, signal?: AbortSignal): Promise<TokenPair> {
    for (let attempt = 0; ; attempt++) {
      const key = await this.keys.get('KsefTokenEncryption');
      const ch = await getChallenge(http);
      try {
        const init = await http.request({
          method: 'POST',
          path: '/auth/ksef-token',
          json: {
            challenge: ch.challenge,
            contextIdentifier: { type: context.type, value: context.value },
            encryptedToken: encryptKsefToken(this.#token, ch.timestampMs, key.certificate),
            ...(key.publicKeyId ? { publicKeyId: key.publicKeyId } : {}),
          },
          retry: 'not-processed-only',
          signal,
        });
        const { referenceNumber, authenticationToken } = init.body;
        if (!referenceNumber || !authenticationToken?.token) throw new KsefAuthenticationError({ message: 'Authentication init without reference' });
        await waitForAuthentication(http, referenceNumber, authenticationToken.token, { signal });
        return await redeemTokens(http, authenticationToken.token, referenceNumber);
      } catch (e) {
        if (attempt === 0 && e instanceof KsefBadRequestError && e.ksefCode === 21470) {
          this.keys.invalidate();
          continue;
        }
        throw e;
      }
    }
  }

  toJSON(): Record<string, string> {
    return { id: this.id, token: '[REDACTED]' };
  }

  [inspect.custom](): string {
    return `KsefTokenAuthenticator(${this.id}, token [REDACTED])`;
  }
}
