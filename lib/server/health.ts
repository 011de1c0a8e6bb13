import 'server-only';
import { rawDb } from '@/lib/db/client';

/** Liveness: can this process reach its database? (No actor: /api/health is public and says only yes or no.) */
export async function databaseReachable(): Promise<boolean> {
  try {
    await rawDb().$queryRaw`SELECT 1`;
    return true;
  } catch {
    return false;
  }
}
