/**
 * JWTs issued by the emulator (HS256 with a per-instance secret). The claims are not documented
 * (uwierzytelnianie.md); the names follow the spec's sample token (`token-type`, …) and the C# client
 * (`cit`, `civ`, `per`). Clients must treat them as opaque except `exp`.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';

export type TokenType = 'OperationToken' | 'ContextToken' | 'RefreshToken';

export interface AccessContext {
  type: TokenType;
  jti: string;
  /** Authentication operation (AU…) the token belongs to. */
  authRef: string;
  contextType: string;
  contextValue: string;
  subjectType: string;
  subjectValue: string;
  permissions: string[];
  iat: number;
  exp: number;
}

const b64url = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signJwt(secret: string, claims: Omit<AccessContext, 'jti' | 'iat'> & { jti?: string; iat?: number }): string {
  const header = { alg: 'HS256', typ: 'JWT' };
  const iat = claims.iat ?? Math.floor(Date.now() / 1000);
  const payload = {
    'token-type': claims.type,
    'operation-reference-number': claims.authRef,
    cit: claims.contextType,
    civ: claims.contextValue,
    sit: claims.subjectType,
    siv: claims.subjectValue,
    per: claims.permissions,
    jti: claims.jti ?? randomUUID(),
    iat,
    exp: claims.exp,
    iss: 'ksef-emulator',
    aud: 'ksef-emulator',
  };
  const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = createHmac('sha256', secret).update(unsigned).digest();
  return `${unsigned}.${b64url(sig)}`;
}

/** Verifies the signature only (expiry is checked by the caller, which knows about admin expiry). */
export function verifyJwt(secret: string, token: string): AccessContext | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const expect = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const got = Buffer.from(parts[2]!, 'base64url');
  if (got.length !== expect.length || !timingSafeEqual(got, expect)) return undefined;
  try {
    const p = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    return {
      type: p['token-type'] as TokenType,
      jti: String(p.jti),
      authRef: String(p['operation-reference-number']),
      contextType: String(p.cit),
      contextValue: String(p.civ),
      subjectType: String(p.sit),
      subjectValue: String(p.siv),
      permissions: (p.per as string[]) ?? [],
      iat: Number(p.iat),
      exp: Number(p.exp),
    };
  } catch {
    return undefined;
  }
}
