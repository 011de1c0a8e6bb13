/**
 * The app's security headers (docs/security.md). Pure and dependency-free: next.config.ts sends them
 * on every response, static files too.
 */

/**
 * What every response's CSP says today: no framing (clickjacking), no <base> hijack, no plugins,
 * forms post only to us. A script-src with per-request nonces is not here yet: it needs the proxy on
 * every request, which it now skips for signed-in ones (docs/security.md).
 */
export const BASELINE_CSP = "frame-ancestors 'none'; base-uri 'none'; object-src 'none'; form-action 'self'";

/** Headers every response carries (next.config.ts `headers()`). */
export const STATIC_SECURITY_HEADERS: { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
  {
    key: 'Permissions-Policy',
    value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), midi=(), display-capture=(), browsing-topics=(), interest-cohort=()',
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
