-- DropIndex
DROP INDEX "Invoice_tenantId_issueDate_id_idx";

-- DropIndex
DROP INDEX "Invoice_tenantId_totalGross_idx";

-- DropIndex
DROP INDEX "ReceivedInvoice_tenantId_issueDate_id_idx";

-- DropIndex
DROP INDEX "ReceivedInvoice_tenantId_totalGross_idx";

-- CreateIndex
CREATE INDEX "Invoice_tenantId_issueDate_id_idx" ON "Invoice"("tenantId", "issueDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Invoice_tenantId_totalGross_id_idx" ON "Invoice"("tenantId", "totalGross" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_issueDate_id_idx" ON "ReceivedInvoice"("tenantId", "issueDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_totalGross_id_idx" ON "ReceivedInvoice"("tenantId", "totalGross" DESC, "id" DESC);
