-- AlterTable
ALTER TABLE "InvoiceSeries" ADD COLUMN     "kind" "InvoiceKind" NOT NULL DEFAULT 'VAT';

-- Corrections get their own default series (KOR/{n}/{MM}/{YYYY}) in every existing company,
-- a company that already named a series "KOR" keeps it and gets none.
INSERT INTO "InvoiceSeries" ("id", "tenantId", "name", "pattern", "kind", "isDefault")
SELECT gen_random_uuid(), t."id", 'KOR', 'KOR/{n}/{MM}/{YYYY}', 'KOR', true
FROM "Tenant" t
ON CONFLICT ("tenantId", "name") DO NOTHING;

-- At most one default series per company and kind: issuing picks it without guessing.
CREATE UNIQUE INDEX "InvoiceSeries_one_default_per_kind" ON "InvoiceSeries" ("tenantId", "kind") WHERE "isDefault";
