import { defineConfig } from 'prisma/config';

// The CLI is used only for `generate` here: migrations are applied by scripts/migrate.ts through
// Prisma's WebAssembly schema engine, because the native engine cannot be downloaded offline.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/unused' },
});
