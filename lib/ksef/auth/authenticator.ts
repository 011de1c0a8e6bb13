/**
 * An Authenticator turns (credential, context) into a fresh token pair. Two kinds: XAdES with a
 * certificate (our provider seal; podpis-xades.md) and KSeF token (tokeny-ksef.md).
 */
import type { HttpClient } from '../client';
import { KsefAuthenticationError } from '../errors';
import { buildAuthTokenRequest, type AllowedIps, type ContextIdentifier } from './auth-token-request';
import { getChallenge, redeemTokens, waitForAuthentication, type TokenPair } from './challenge';
import type { SigningCredential } from './credentials';
import { signXades } from './xades';

export interface Authenticator {
  /** Stable, non-secret identity of the credential (cache key part). */
  readonly id: string;
  authenticate(http: HttpClient, context: ContextIdentifier, signal?: AbortSignal): Promise<TokenPair>;
}

export class XadesAuthenticator implements Authenticator {
  readonly id: string;
  constructor(
    private readonly credential: SigningCredential,
    private readonly opts: { subjectIdentifierType?: 'certificateSubject' | 'certificateFingerprint'; allowedIps?: AllowedIps; verifyCertificateChain?: boolean } = {},
  ) {
    this.id = `cert:${credential.fingerprint}`;
  }

  async authenticate(http: HttpClient, context: ContextIdentifier, signal?: AbortSignal): Promise<TokenPair> {
    const ch = await getChallenge(http);
    const xml = buildAuthTokenRequest({
      challenge: ch.challenge,
      context,
      subjectIdentifierType: this.opts.subjectIdentifierType,
      allowedIps: this.opts.allowedIps,
    });
    const signed = await signXades(xml, this.credential);
    const init = await http.request({
      method: 'POST',
      path: '/auth/xades-signature',
      query: this.opts.verifyCertificateChain ? { verifyCertificateChain: true } : undefined,
      xml: signed,
      // A lost answer only leaves an unused authentication behind: safe to repeat with a new challenge? No —
      // the challenge may be single-use, so repeat only refusals that prove nothing was processed.
      retry: 'not-processed-only',
      signal,
    });
    const { referenceNumber, authenticationToken } = init.body;
    if (!referenceNumber || !authenticationToken?.token) throw new KsefAuthenticationError({ message: 'Authentication init without reference' });
    await waitForAuthentication(http, referenceNumber, authenticationToken.token, { signal });
    return redeemTokens(http, authenticationToken.token, referenceNumber);
  }
}
