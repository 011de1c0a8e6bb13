import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TENANT_MODELS } from '@/lib/db/tenant-db';

describe('tenant-owned models', () => {
  it('every model with a tenantId column is scoped by tenantDb(), and no other', () => {
    const schema = fs.readFileSync('prisma/schema.prisma', 'utf8');
    const withTenantId = [...schema.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)]
      .filter(([, , body]) => /^\s+tenantId\s/m.test(body!))
      .map(([, name]) => name!)
      .sort();
    expect([...TENANT_MODELS].sort()).toEqual(withTenantId);
  });
});
