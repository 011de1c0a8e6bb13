/**
 * Independent XAdES verifier for AuthTokenRequest (auth/podpis-xades.md). Own reference processing
 * over @xmldom/xmldom + xml-crypto's canonicalisers, signature values checked with Node crypto
 * (ECDSA values are IEEE P1363 r||s). Failures map to the official exception codes:
 * 9102 no signature, 9103 several, 9105 invalid (digest/value mismatch, algorithm, profile, detached).
 */
import { X509Certificate, createHash, createPublicKey, verify as cryptoVerify, constants } from 'node:crypto';
import type { Document as XDocument, Element as XElement, Node as XNode } from '@xmldom/xmldom';
import { C14nCanonicalization, C14nCanonicalizationWithComments, ExclusiveCanonicalization, ExclusiveCanonicalizationWithComments } from 'xml-crypto';

export const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const XADES = 'http://uri.etsi.org/01903/v1.3.2#';
const XADES_141 = 'http://uri.etsi.org/01903/v1.4.1#';

export class SignatureError extends Error {
  constructor(
    readonly code: 9102 | 9103 | 9105,
    message: string,
  ) {
    super(message);
  }
}

const DIGESTS: Record<string, string> = {
  'http://www.w3.org/2000/09/xmldsig#sha1': 'sha1',
  'http://www.w3.org/2001/04/xmlenc#sha256': 'sha256',
  'http://www.w3.org/2001/04/xmldsig-more#sha384': 'sha384',
  'http://www.w3.org/2001/04/xmlenc#sha512': 'sha512',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-256': 'sha3-256',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-384': 'sha3-384',
  'http://www.w3.org/2007/05/xmldsig-more#sha3-512': 'sha3-512',
};

type SigAlg = { kind: 'rsa' | 'pss' | 'ecdsa'; hash: string };
const SIG_ALGS: Record<string, SigAlg> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { kind: 'rsa', hash: 'sha1' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { kind: 'rsa', hash: 'sha256' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { kind: 'rsa', hash: 'sha384' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { kind: 'rsa', hash: 'sha512' },
  'http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1': { kind: 'pss', hash: 'sha1' },
  'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1': { kind: 'pss', hash: 'sha256' },
  'http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1': { kind: 'pss', hash: 'sha384' },
  'http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1': { kind: 'pss', hash: 'sha512' },
  'http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1': { kind: 'pss', hash: 'sha3-256' },
  'http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1': { kind: 'pss', hash: 'sha3-384' },
  'http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1': { kind: 'pss', hash: 'sha3-512' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1': { kind: 'ecdsa', hash: 'sha1' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { kind: 'ecdsa', hash: 'sha256' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { kind: 'ecdsa', hash: 'sha384' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { kind: 'ecdsa', hash: 'sha512' },
  'http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256': { kind: 'ecdsa', hash: 'sha3-256' },
  'http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384': { kind: 'ecdsa', hash: 'sha3-384' },
  'http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512': { kind: 'ecdsa', hash: 'sha3-512' },
};

const C14N_INCL = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const C14N_EXC = 'http://www.w3.org/2001/10/xml-exc-c14n#';
const C14N_11 = 'http://www.w3.org/2006/12/xml-c14n11';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const XPATH_T = 'http://www.w3.org/TR/1999/REC-xpath-19991116';
const CANON = new Set([C14N_INCL, `${C14N_INCL}#WithComments`, C14N_EXC, `${C14N_EXC}WithComments`, C14N_11, `${C14N_11}#WithComments`]);
/** Transforms listed in podpis-xades.md; filter2 and base64 are accepted there but not needed for AuthTokenRequest. */
const SUPPORTED_TRANSFORMS = new Set([...CANON, ENVELOPED, XPATH_T]);
const LISTED_BUT_UNSUPPORTED = new Set(['http://www.w3.org/2002/06/xmldsig-filter2', 'http://www.w3.org/2000/09/xmldsig#base64']);

function children(el: XElement, ns: string, local: string): XElement[] {
  const out: XElement[] = [];
  for (let n = el.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1 && (n as XElement).namespaceURI === ns && (n as XElement).localName === local) out.push(n as XElement);
  }
  return out;
}
function child(el: XElement, ns: string, local: string): XElement | undefined {
  return children(el, ns, local)[0];
}
function descendants(root: XElement | XDocument, ns: string, local: string): XElement[] {
  return Array.from(root.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<XElement>);
}

/** Namespace declarations in scope from the ancestors (for inclusive C14N of a subtree). */
function ancestorNamespaces(el: XElement): { prefix: string; namespaceURI: string }[] {
  const seen = new Map<string, string>();
  for (let p = el.parentNode; p && p.nodeType === 1; p = p.parentNode) {
    const attrs = (p as XElement).attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs.item(i)!;
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) {
        const prefix = a.name === 'xmlns' ? '' : a.name.slice(6);
        if (!seen.has(prefix)) seen.set(prefix, a.value);
      }
    }
  }
  return [...seen.entries()].filter(([prefix]) => prefix !== '').map(([prefix, namespaceURI]) => ({ prefix, namespaceURI }));
}

function canonicalize(alg: string, node: XElement, original: XElement, prefixList: string[]): string {
  const opts = {
    ancestorNamespaces: ancestorNamespaces(original),
    inclusiveNamespacesPrefixList: prefixList,
    defaultNs: '',
  };
  // C14N 1.1 differs from 1.0 only for xml:* attribute inheritance, which AuthTokenRequest does not use.
  const impl =
    alg === C14N_EXC
      ? new ExclusiveCanonicalization()
      : alg === `${C14N_EXC}WithComments`
        ? new ExclusiveCanonicalizationWithComments()
        : alg.endsWith('#WithComments')
          ? new C14nCanonicalizationWithComments()
          : new C14nCanonicalization();
  return impl.process(node as unknown as globalThis.Element, opts as never).toString();
}

function findById(doc: XDocument, id: string): XElement | undefined {
  const all = doc.getElementsByTagName('*') as unknown as ArrayLike<XElement>;
  for (let i = 0; i < all.length; i++) {
    const e = all[i]!;
    if (e.getAttribute('Id') === id || e.getAttribute('ID') === id || e.getAttribute('id') === id) return e;
  }
  return undefined;
}

/** Index path from `ancestor` to `node` so the same node can be found in a deep clone. */
function pathFrom(ancestor: XNode, node: XNode): number[] | undefined {
  const idx: number[] = [];
  let cur: XNode | null = node;
  while (cur && cur !== ancestor) {
    const parent: XNode | null = cur.parentNode;
    if (!parent) return undefined;
    idx.unshift(Array.from(parent.childNodes as unknown as ArrayLike<XNode>).indexOf(cur));
    cur = parent;
  }
  return cur === ancestor ? idx : undefined;
}

function digestReference(doc: XDocument, sig: XElement, ref: XElement): { target: XElement; ok: boolean } {
  const uri = ref.getAttribute('URI');
  let target: XElement | undefined;
  if (uri === '' || uri === null) target = doc.documentElement as XElement;
  else if (uri.startsWith('#xpointer(/)')) target = doc.documentElement as XElement;
  else if (uri.startsWith('#')) target = findById(doc, uri.slice(1));
  else throw new SignatureError(9105, `Detached or external reference '${uri}' is not accepted.`);
  if (!target) throw new SignatureError(9105, `Reference target '${uri}' not found.`);
  const transforms = (() => {
    const t = child(ref, DS, 'Transforms');
    return t ? children(t, DS, 'Transform') : [];
  })();
  const clone = target.cloneNode(true) as XElement;
  let canonAlg = C14N_INCL;
  let prefixList: string[] = [];
  for (const t of transforms) {
    const alg = t.getAttribute('Algorithm') ?? '';
    if (LISTED_BUT_UNSUPPORTED.has(alg)) throw new SignatureError(9105, `Transform ${alg} is not supported by the emulator.`);
    if (!SUPPORTED_TRANSFORMS.has(alg)) throw new SignatureError(9105, `Transform ${alg} is not allowed.`);
    if (alg === ENVELOPED || alg === XPATH_T) {
      if (alg === XPATH_T) {
        const xp = child(t, DS, 'XPath')?.textContent ?? '';
        if (!/not\(\s*ancestor-or-self::\w+:Signature\s*\)/.test(xp)) throw new SignatureError(9105, `XPath transform '${xp}' is not allowed.`);
      }
      const p = pathFrom(target, sig);
      if (p) {
        const inClone = p.reduce<XNode>((n, i) => n.childNodes[i] as XNode, clone as unknown as XNode);
        inClone.parentNode?.removeChild(inClone);
      }
    } else {
      canonAlg = alg;
      const incl = t.getElementsByTagNameNS(C14N_EXC, 'InclusiveNamespaces')[0] as XElement | undefined;
      prefixList = (incl?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean);
    }
  }
  const dmAlg = child(ref, DS, 'DigestMethod')?.getAttribute('Algorithm') ?? '';
  const hash = DIGESTS[dmAlg];
  if (!hash) throw new SignatureError(9105, `Digest algorithm '${dmAlg}' is not allowed.`);
  const canon = canonicalize(canonAlg, clone, target, prefixList);
  const digest = createHash(hash).update(canon, 'utf8').digest('base64');
  const expected = (child(ref, DS, 'DigestValue')?.textContent ?? '').replace(/\s+/g, '');
  return { target, ok: digest === expected };
}

export interface VerifiedSignature {
  certificateDer: Buffer;
  certificate: X509Certificate;
  signingTime?: string;
}

/**
 * Verifies the single ds:Signature of `doc` (enveloped in the root element).
 * Throws SignatureError with the official code.
 */
export function verifyXades(doc: XDocument): VerifiedSignature {
  const sigs = descendants(doc, DS, 'Signature');
  if (sigs.length === 0) throw new SignatureError(9102, 'Brak podpisu.');
  if (sigs.length > 1) throw new SignatureError(9103, 'Dokument zawiera więcej niż jeden podpis.');
  const sig = sigs[0]!;
  const root = doc.documentElement as XElement;
  if (sig === root) throw new SignatureError(9105, 'Enveloping signature around AuthTokenRequest is not an AuthTokenRequest.');
  const signedInfo = child(sig, DS, 'SignedInfo');
  const sigValueEl = child(sig, DS, 'SignatureValue');
  if (!signedInfo || !sigValueEl) throw new SignatureError(9105, 'SignedInfo or SignatureValue missing.');

  // Certificate from KeyInfo.
  const certB64 = descendants(sig, DS, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  if (!certB64) throw new SignatureError(9105, 'KeyInfo/X509Data/X509Certificate missing.');
  let certificate: X509Certificate;
  const certificateDer = Buffer.from(certB64, 'base64');
  try {
    certificate = new X509Certificate(certificateDer);
  } catch {
    throw new SignatureError(9105, 'Unreadable signing certificate.');
  }
  const pub = createPublicKey(certificate.publicKey.export({ type: 'spki', format: 'pem' }));
  const details = pub.asymmetricKeyDetails ?? {};
  if (pub.asymmetricKeyType === 'rsa' && (details.modulusLength ?? 0) < 2048) throw new SignatureError(9105, 'RSA key shorter than 2048 bits.');
  if (pub.asymmetricKeyType === 'ec' && !['prime256v1', 'secp384r1', 'secp521r1'].includes(details.namedCurve ?? ''))
    throw new SignatureError(9105, `EC curve ${details.namedCurve} is not allowed (>= 256 bits required).`);

  // References: every digest must match; one must cover the document (enveloped), one SignedProperties.
  const refs = children(signedInfo, DS, 'Reference');
  if (refs.length === 0) throw new SignatureError(9105, 'No ds:Reference.');
  let coversRoot = false;
  let signedProps: XElement | undefined;
  for (const ref of refs) {
    const { target, ok } = digestReference(doc, sig, ref);
    if (!ok) throw new SignatureError(9105, `Digest mismatch for reference '${ref.getAttribute('URI') ?? ''}'.`);
    if (target === root) coversRoot = true;
    if (ref.getAttribute('Type') === 'http://uri.etsi.org/01903#SignedProperties') {
      if ((target.namespaceURI === XADES || target.namespaceURI === XADES_141) && target.localName === 'SignedProperties') signedProps = target;
    }
  }
  if (!coversRoot) throw new SignatureError(9105, 'Signature does not cover the document (detached signatures are not accepted).');
  // XAdES-BES profile (api-changelog.md 2.1.0): signed reference to SignedProperties with SigningCertificate.
  if (!signedProps) throw new SignatureError(9105, 'Missing signed reference to xades:SignedProperties (XAdES profile).');
  const sigProps = child(signedProps, XADES, 'SignedSignatureProperties');
  const signingCert = sigProps && (child(sigProps, XADES, 'SigningCertificate') ?? child(sigProps, XADES, 'SigningCertificateV2'));
  if (!signingCert) throw new SignatureError(9105, 'Missing xades:SigningCertificate (XAdES profile).');
  const certDigests = descendants(signingCert, XADES, 'CertDigest');
  const matches = certDigests.some((cd) => {
    const alg = DIGESTS[child(cd, DS, 'DigestMethod')?.getAttribute('Algorithm') ?? ''];
    const val = (child(cd, DS, 'DigestValue')?.textContent ?? '').replace(/\s+/g, '');
    return !!alg && createHash(alg).update(certificateDer).digest('base64') === val;
  });
  if (!matches) throw new SignatureError(9105, 'SigningCertificate digest does not match the signing certificate.');

  // SignatureValue over canonical SignedInfo.
  const c14nAlg = child(signedInfo, DS, 'CanonicalizationMethod')?.getAttribute('Algorithm') ?? '';
  if (!CANON.has(c14nAlg)) throw new SignatureError(9105, `Canonicalization '${c14nAlg}' is not allowed.`);
  const sigAlgUri = child(signedInfo, DS, 'SignatureMethod')?.getAttribute('Algorithm') ?? '';
  const sigAlg = SIG_ALGS[sigAlgUri];
  if (!sigAlg) throw new SignatureError(9105, `Signature algorithm '${sigAlgUri}' is not allowed.`);
  if ((sigAlg.kind === 'ecdsa') !== (pub.asymmetricKeyType === 'ec')) throw new SignatureError(9105, 'Signature algorithm does not match the key type.');
  const incl = child(signedInfo, DS, 'CanonicalizationMethod')?.getElementsByTagNameNS(C14N_EXC, 'InclusiveNamespaces')[0] as XElement | undefined;
  const canonSi = canonicalize(c14nAlg, signedInfo.cloneNode(true) as XElement, signedInfo, (incl?.getAttribute('PrefixList') ?? '').split(/\s+/).filter(Boolean));
  const sigValue = Buffer.from((sigValueEl.textContent ?? '').replace(/\s+/g, ''), 'base64');
  let valid = false;
  try {
    if (sigAlg.kind === 'ecdsa') valid = cryptoVerify(sigAlg.hash, Buffer.from(canonSi, 'utf8'), { key: pub, dsaEncoding: 'ieee-p1363' }, sigValue);
    else if (sigAlg.kind === 'pss')
      valid = cryptoVerify(sigAlg.hash, Buffer.from(canonSi, 'utf8'), { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }, sigValue);
    else valid = cryptoVerify(sigAlg.hash, Buffer.from(canonSi, 'utf8'), pub, sigValue);
  } catch {
    valid = false;
  }
  if (!valid) throw new SignatureError(9105, 'SignatureValue does not verify against the certificate.');
  const signingTime = sigProps ? (child(sigProps, XADES, 'SigningTime')?.textContent ?? undefined) : undefined;
  return { certificateDer, certificate, signingTime };
}
