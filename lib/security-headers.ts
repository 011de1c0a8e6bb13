/**
 * The app's security headers (docs/security.md). Pure and dependency-free: next.config.ts sends them
 * on every response, static files too.
 */

/**
 * The CSP of responses the proxy does not see (static files, Next.js assets): no framing
 * (clickjacking), no <base> hijack, no plugins, forms post only to us.
 */
export const BASELINE_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

/** 128 random bits per request, for the `nonce-…` source (Web Crypto: the proxy's runtime has it). */
export function newCspNonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The CSP of every page (set by proxy.ts, which hands the nonce to Next.js through the request's
 * own CSP header: Next.js puts it on each script it renders). Only scripts carrying this response's
 * nonce run, and what they load ('strict-dynamic'); an injected <script> or on*= attribute does not.
 * Styles allow 'unsafe-inline': React style attributes cannot carry a nonce, and CSS cannot run code.
 * Development adds 'unsafe-eval' (React's dev tooling evaluates source maps) and the HMR socket.
 */
export function contentSecurityPolicy(nonce: string, { dev = false } = {}): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self'${dev ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "worker-src 'self' blob:",
    BASELINE_CSP,
  ].join('; ');
}

/** Headers every response carries (next.config.ts `headers()`). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), hid=(), midi=(), display-capture=(), browsing-topics=(), interest-cohort=()',
  },
];

/** Two years, subdomains included; not `preload` (that is a decision for the operator of the domain). */
export const HSTS = { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' };

/**
 * Hosts that never get HSTS (a Next.js `missing` host pattern, anchored by Next.js): localhost names,
 * where a production build run on one's own machine must not pin every local project to https, and
 * IP literals, for which browsers ignore HSTS anyway (RFC 6797 §8.1). Next.js cuts the host at the
 * first ':', so an IPv6 literal arrives as '['.
 */
export const NO_HSTS_HOSTS = '(?:(?:[a-z0-9-]+\\.)*localhost|\\d{1,3}(?:\\.\\d{1,3}){3}|\\[.*)';
