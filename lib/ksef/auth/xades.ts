/**
 * Enveloped XAdES-BES signatures (auth/podpis-xades.md, ksef-protocol.md §3.3 and §14.1): exclusive
 * c14n for SignedInfo and both references, a signed reference to SignedProperties with the XAdES Type,
 * SigningTime slightly in the past (clock skew) and SigningCertificate (SHA-256 digest + IssuerSerial).
 * RSA → rsa-sha256 (PKCS#1 v1.5, never PSS); EC P-256 → ecdsa-sha256 with r‖s (WebCrypto's format).
 */
import { DOMImplementation, DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { webcrypto } from 'node:crypto';
import * as xadesjs from 'xadesjs';
import * as xmldsig from 'xmldsigjs';
import xpath from 'xpath';
import type { SigningCredential } from './credentials';

let initialised = false;
function init(): void {
  if (initialised) return;
  xadesjs.Application.setEngine('NodeJS', webcrypto as unknown as Crypto);
  xadesjs.setNodeDependencies({ DOMParser, XMLSerializer, DOMImplementation, xpath });
  initialised = true;
}

const EXC_C14N = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const XADES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';

/** xadesjs leaves the SignedProperties reference without a transform; KSeF's known-good shape has exc-c14n. */
class KsefSignedXml extends xadesjs.SignedXml {
  protected override async ApplySignOptions(signature: xmldsig.Signature, algorithm: Algorithm, key: CryptoKey, options: xadesjs.OptionsXAdES): Promise<void> {
    await super.ApplySignOptions(signature, algorithm, key, options);
    signature.SignedInfo.CanonicalizationMethod.Algorithm = EXC_C14N;
    signature.SignedInfo.References.ForEach((ref) => {
      if (ref.Type === XADES_TYPE && ref.Transforms.Count === 0) {
        ref.Transforms.Add(new xmldsig.XmlDsigExcC14NTransform());
      }
    });
  }
}

export interface SignOptions {
  /** Defaults to now − 60 s, to absorb clock skew between us and KSeF. */
  signingTime?: Date;
}

async function importKey(cred: SigningCredential): Promise<{ key: CryptoKey; alg: Algorithm & { hash?: string } }> {
  const pkcs8 = cred.privateKey.export({ format: 'der', type: 'pkcs8' });
  if (cred.keyType === 'RSA') {
    const alg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
    return { key: (await webcrypto.subtle.importKey('pkcs8', pkcs8, alg, false, ['sign'])) as CryptoKey, alg };
  }
  const key = (await webcrypto.subtle.importKey('pkcs8', pkcs8, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign'])) as CryptoKey;
  return { key, alg: { name: 'ECDSA', hash: 'SHA-256' } as Algorithm & { hash: string } };
}

/** Signs an XML document with an enveloped XAdES-BES signature appended to the root element. */
export async function signXades(xml: string, cred: SigningCredential, opts: SignOptions = {}): Promise<string> {
  init();
  const doc = new DOMParser().parseFromString(xml, 'application/xml') as unknown as Document;
  if (!doc.documentElement) throw new Error('Not an XML document');
  const { key, alg } = await importKey(cred);
  const signed = new KsefSignedXml();
  const certB64 = cred.certificateBase64;
  const signature = await signed.Sign(alg, key, doc, {
    references: [{ uri: '', hash: 'SHA-256', transforms: ['enveloped', 'exc-c14n'] }],
    x509: [certB64],
    signingCertificate: { certificate: certB64, digestAlgorithm: 'SHA-256' },
    signingTime: { value: opts.signingTime ?? new Date(Date.now() - 60_000) },
  });
  doc.documentElement.appendChild(signature.GetXml()!);
  return new XMLSerializer().serializeToString(doc as never);
}
