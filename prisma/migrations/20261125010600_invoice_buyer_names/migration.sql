-- CreateTable
CREATE TABLE "InvoiceBuyerName" (
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "InvoiceBuyerName_pkey" PRIMARY KEY ("tenantId","name")
);

-- AddForeignKey
ALTER TABLE "InvoiceBuyerName" ADD CONSTRAINT "InvoiceBuyerName_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The buyer search matches names here (a few hundred per tenant), not across every invoice.
CREATE INDEX "InvoiceBuyerName_name_trgm_idx" ON "InvoiceBuyerName" USING gin ("name" gin_trgm_ops);

-- Kept by the database, so no write path (issuing, corrections, imports, raw SQL) can miss a name.
-- Statement-level with transition tables: one INSERT … SELECT DISTINCT per statement, not per row.
-- The body is an E'' string with \073 for each semicolon: migrations run through the Prisma pg
-- adapter, which splits the script at every semicolon, dollar quoting or not.
CREATE FUNCTION invoice_buyer_names_add() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  INSERT INTO "InvoiceBuyerName" ("tenantId", "name")
  SELECT DISTINCT "tenantId", "buyerName" FROM changed WHERE "buyerName" <> \'\'
  ON CONFLICT DO NOTHING\073
  RETURN NULL\073
END';

CREATE TRIGGER invoice_buyer_names_on_insert AFTER INSERT ON "Invoice"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION invoice_buyer_names_add();
CREATE TRIGGER invoice_buyer_names_on_update AFTER UPDATE ON "Invoice"
  REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION invoice_buyer_names_add();

INSERT INTO "InvoiceBuyerName" ("tenantId", "name")
SELECT DISTINCT "tenantId", "buyerName" FROM "Invoice" WHERE "buyerName" <> ''
ON CONFLICT DO NOTHING;
