import 'server-only';
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
  // Named (prepared) statements: PostgreSQL parses each distinct SQL text once per connection.
  // Prisma writes one text per query shape (an IN list per length), so a connection is replaced
  // after maxUses queries to bound what it keeps prepared. Plans stay custom (made for the actual
  // values): a generic plan, which PostgreSQL would otherwise switch to after five runs, cannot see
  // how selective a tenant or a buyer is, and it made the filtered invoice list 20× slower.
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg(
      { connectionString: config().DATABASE_URL, max: 20, maxUses: 5_000, options: '-c plan_cache_mode=force_custom_plan' },
      { statementNameGenerator: (query) => `p${createHash('sha1').update(query.sql).digest('base64url')}` },
    ),
    // Our transactions are short, but on two busy cores Prisma's defaults (2 s to get a connection,
    // 5 s in all) rolled back valid writes; a rolled-back accepted write is worse than a slow one.
    transactionOptions: { maxWait: 10_000, timeout: 30_000 },
  });
  return globalForPrisma.prisma;
}
