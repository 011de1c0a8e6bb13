-- DropIndex
DROP INDEX "Invoice_tenantId_buyerName_idx";

-- CreateIndex
CREATE INDEX "Invoice_tenantId_buyerName_status_idx" ON "Invoice"("tenantId", "buyerName", "status");
