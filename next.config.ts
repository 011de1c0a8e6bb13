import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Native and WASM server packages are loaded by Node at run time, not bundled.
  serverExternalPackages: ['@node-rs/argon2', 'libxml2-wasm', 'pino', 'graphile-worker', 'pdfkit', '@prisma/client', 'pg'],
  // Parallel builds (several e2e or bench runs on one checkout) each use their own directory.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  typedRoutes: false,
  // `npm run typecheck` type-checks the whole project in CI; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
};

export default nextConfig;
