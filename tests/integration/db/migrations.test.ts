import { describe, expect, it } from 'vitest';
import { diffSchemaAgainstMigrations } from '../../../scripts/lib/migrator';

describe('migrations', () => {
  it('the committed migrations produce exactly prisma/schema.prisma (no change without a migration)', async () => {
    const { sql } = await diffSchemaAgainstMigrations(process.env.DATABASE_URL!);
    expect(sql.replace(/^--.*$/gm, '').trim()).toBe('');
  });
});
