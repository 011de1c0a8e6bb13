/**
 * AuthTokenRequest per auth/schemy/schemat_auth_v2-1.xsd (namespace 2.1; KSeF accepts 2.0 and 2.1,
 * they differ only in the IP patterns — ksef-protocol.md §3.2). Element order matters.
 */
import { create } from 'xmlbuilder2';

export const AUTH_TOKEN_NS = 'http://ksef.mf.gov.pl/auth/token/2.1';

export type ContextIdentifierType = 'Nip' | 'InternalId' | 'NipVatUe' | 'PeppolId';

export interface ContextIdentifier {
  type: ContextIdentifierType;
  value: string;
}

export interface AllowedIps {
  ip4Addresses?: string[];
  ip4Ranges?: string[];
  ip4Masks?: string[];
}

export interface AuthTokenRequestInput {
  challenge: string;
  context: ContextIdentifier;
  subjectIdentifierType?: 'certificateSubject' | 'certificateFingerprint';
  allowedIps?: AllowedIps;
}

const CHALLENGE = /^\d{8}-CR-[A-F0-9]{10}-[A-F0-9]{10}-[A-F0-9]{2}$/;

export function buildAuthTokenRequest(input: AuthTokenRequestInput): string {
  if (!CHALLENGE.test(input.challenge)) throw new Error('Challenge does not have the format required by the XSD');
  const root = create({ version: '1.0', encoding: 'utf-8' }).ele(AUTH_TOKEN_NS, 'AuthTokenRequest');
  root.ele('Challenge').txt(input.challenge);
  root.ele('ContextIdentifier').ele(input.context.type).txt(input.context.value);
  root.ele('SubjectIdentifierType').txt(input.subjectIdentifierType ?? 'certificateSubject');
  const ips = input.allowedIps;
  if (ips && (ips.ip4Addresses?.length || ips.ip4Ranges?.length || ips.ip4Masks?.length)) {
    const allowed = root.ele('AuthorizationPolicy').ele('AllowedIps');
    for (const ip of ips.ip4Addresses ?? []) allowed.ele('Ip4Address').txt(ip);
    for (const ip of ips.ip4Ranges ?? []) allowed.ele('Ip4Range').txt(ip);
    for (const ip of ips.ip4Masks ?? []) allowed.ele('Ip4Mask').txt(ip);
  }
  return root.end({ prettyPrint: false });
}
