import type { NextConfig } from 'next';
import { BASELINE_CSP, HSTS, NO_HSTS_HOSTS, STATIC_SECURITY_HEADERS } from './lib/security-headers';

const nextConfig: NextConfig = {
  // Native and WASM server packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@node-rs/argon2', 'libxml2-wasm', 'pino', 'graphile-worker', 'pdfkit', '@prisma/client', 'pg'],
  // Parallel builds (several e2e or bench runs on one checkout) each use their own directory.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  typedRoutes: false,
  // `npm run typecheck` type-checks the whole project in CI; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  // Every response, static files included (docs/security.md § Security headers).
  async headers() {
    return [
      { source: '/:path*', headers: [...STATIC_SECURITY_HEADERS, { key: 'Content-Security-Policy', value: BASELINE_CSP }] },
      ...(process.env.NODE_ENV === 'production' ? [{ source: '/:path*', missing: [{ type: 'host' as const, value: NO_HSTS_HOSTS }], headers: [HSTS] }] : []),
    ];
  },
};

export default nextConfig;
