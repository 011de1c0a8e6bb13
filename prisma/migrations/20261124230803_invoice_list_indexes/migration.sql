-- CreateIndex
CREATE INDEX "Invoice_tenantId_totalGross_idx" ON "Invoice"("tenantId", "totalGross" DESC);

-- Buyer search (case-insensitive "contains") on 100k+ invoices per tenant: trigram GIN index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "Invoice_buyerName_trgm_idx" ON "Invoice" USING gin ("buyerName" gin_trgm_ops);
