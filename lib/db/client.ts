import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';
import { config } from '@/lib/config';

export { Prisma } from './generated/client';
export type * from './generated/client';

const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

/**
 * The raw client. Only lib/db and platform-level use cases (sign-up, admin) may use it directly;
 * everything tenant-owned goes through `tenantDb()`.
 */
export function rawDb(): PrismaClient {
  // Named (prepared) statements: PostgreSQL parses each distinct SQL text once per connection and,
  // after a few runs, reuses its plan. Prisma writes one text per query shape (an IN list per
  // length), so a connection is replaced after maxUses queries to bound what it keeps prepared.
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: config().DATABASE_URL, max: 20, maxUses: 5_000 },
      { statementNameGenerator: (query) => `p${createHash('sha1').update(query.sql).digest('base64url')}` },
    ),
  });
  return globalForPrisma.prisma;
}
