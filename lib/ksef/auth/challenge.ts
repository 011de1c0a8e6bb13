/**
 * The shared part of every KSeF authentication (uwierzytelnianie.md, ksef-protocol.md §3.1):
 * challenge → (XAdES or KSeF-token submission) → poll `GET /auth/{ref}` while 100 → redeem once →
 * refresh the access token with the refresh token until it is rejected.
 */
import type { HttpClient } from '../client';
import { errorFromAuthStatus, KsefProtocolError, KsefTimeoutError } from '../errors';

export interface Challenge {
  challenge: string;
  timestampMs: number;
  clientIp?: string;
}

export interface TokenPair {
  accessToken: string;
  accessValidUntil: number;
  refreshToken: string;
  refreshValidUntil: number;
  /** Reference number (AU…) of the authentication operation. */
  authReferenceNumber?: string;
}

export async function getChallenge(http: HttpClient): Promise<Challenge> {
  const res = await http.request({ method: 'POST', path: '/auth/challenge', retry: 'idempotent' });
  const b = res.body;
  if (!b || typeof b.challenge !== 'string') throw new KsefProtocolError({ message: 'Challenge response without challenge' });
  return { challenge: b.challenge, timestampMs: Number(b.timestampMs ?? Date.parse(b.timestamp)), clientIp: b.clientIp ?? undefined };
}

export interface PollOptions {
  intervalMs?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Polls until the authentication leaves status 100; returns on 200, throws the mapped error otherwise. */
export async function waitForAuthentication(http: HttpClient, referenceNumber: string, authenticationToken: string, opts: PollOptions = {}): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 120_000);
  let delay = opts.intervalMs ?? 200;
  for (;;) {
    const res = await http.request({
      method: 'GET',
      path: '/auth/{referenceNumber}',
      params: { referenceNumber },
      bearer: authenticationToken,
      signal: opts.signal,
    });
    const st = res.body.status;
    if (st.code === 200) return;
    if (st.code !== 100) throw errorFromAuthStatus(st.code, st.description, st.details ?? []);
    if (Date.now() > deadline) throw new KsefTimeoutError({ message: `Authentication ${referenceNumber} still in progress`, referenceNumber });
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 2_000);
  }
}

export async function redeemTokens(http: HttpClient, authenticationToken: string, authReferenceNumber?: string): Promise<TokenPair> {
  // Redeem works once only: never retried blindly (a lost answer means authenticating again).
  const res = await http.request({
    method: 'POST',
    path: '/auth/token/redeem',
    bearer: authenticationToken,
    retry: 'not-processed-only',
  });
  const b = res.body;
  return {
    accessToken: b.accessToken.token,
    accessValidUntil: Date.parse(b.accessToken.validUntil),
    refreshToken: b.refreshToken.token,
    refreshValidUntil: Date.parse(b.refreshToken.validUntil),
    authReferenceNumber,
  };
}

export async function refreshAccessToken(http: HttpClient, refreshToken: string): Promise<{ accessToken: string; accessValidUntil: number }> {
  const res = await http.request({
    method: 'POST',
    path: '/auth/token/refresh',
    bearer: refreshToken,
    retry: 'idempotent',
  });
  return { accessToken: res.body.accessToken.token, accessValidUntil: Date.parse(res.body.accessToken.validUntil) };
}

/** Ends the authentication session: the refresh token dies at once (auth/sesje.md). */
export async function revokeCurrentSession(http: HttpClient, token: string): Promise<void> {
  await http.request({ method: 'DELETE', path: '/auth/sessions/current', bearer: token, response: 'none', retry: 'idempotent' });
}
