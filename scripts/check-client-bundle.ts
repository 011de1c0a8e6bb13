/**
 * After `next build`: no server secret handling reaches the browser. Scans every file the client
 * downloads (`<distDir>/static`) for markers that exist only in server code or configuration; one
 * hit fails `npm run test:e2e` (and so CI) right after its build.
 */
import fs from 'node:fs';
import path from 'node:path';

const FORBIDDEN = [
  'wrappedDek', // envelope-encrypted key columns (lib/secrets, OwnCertificate)
  'encryptedKey',
  'aes-256-gcm', // the cipher of lib/secrets/envelope.ts
  'BEGIN PRIVATE KEY',
  'BEGIN ENCRYPTED PRIVATE KEY',
  'KSEF_PROVIDER_KEY', // our provider key variables
  'KSEF_PROVIDER_P12',
  'AUTH_SECRET',
  'DATABASE_URL',
  'passwordHash',
];

function* files(dir: string): Generator<string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(full);
    else yield full;
  }
}

export function scanClientBundle(distDir: string): { file: string; marker: string }[] {
  const staticDir = path.join(distDir, 'static');
  if (!fs.existsSync(staticDir)) throw new Error(`${staticDir} not found: run next build first`);
  const hits: { file: string; marker: string }[] = [];
  for (const file of files(staticDir)) {
    const text = fs.readFileSync(file, 'latin1');
    for (const marker of FORBIDDEN) if (text.includes(marker)) hits.push({ file: path.relative(distDir, file), marker });
  }
  return hits;
}
