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
  globalForPrisma.prisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: config().DATABASE_URL, max: 20 }),
  });
  return globalForPrisma.prisma;
}
