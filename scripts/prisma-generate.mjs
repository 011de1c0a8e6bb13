// Runs on `npm install`: generates the Prisma client into lib/db/generated (gitignored).
// `prisma generate` needs no schema engine, but the CLI looks for one first and would try to
// download it (impossible offline); pointing PRISMA_SCHEMA_ENGINE_BINARY at any file skips that.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const cli = path.resolve('node_modules/prisma/build/index.js');
if (!fs.existsSync(cli)) {
  console.warn('prisma CLI not installed (production install?): skipping client generation');
  process.exit(0);
}
const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' };
const r = spawnSync(process.execPath, [cli, 'generate'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
