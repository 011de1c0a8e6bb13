-- DropForeignKey
ALTER TABLE "Invoice" DROP CONSTRAINT "Invoice_correctedInvoiceId_fkey";

-- Links that were never right (the hole this closes): to another company's invoice, or from an
-- invoice that is not a correction. Issuing always checked both, so only drafts can carry them.
-- (No semicolons in comments: the schema engine splits the script on them.)
UPDATE "Invoice" AS i SET "correctedInvoiceId" = NULL
WHERE "correctedInvoiceId" IS NOT NULL
  AND (i.kind <> 'KOR' OR NOT EXISTS (SELECT 1 FROM "Invoice" AS o WHERE o.id = i."correctedInvoiceId" AND o."tenantId" = i."tenantId"));

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_id_key" ON "Invoice"("tenantId", "id");

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_tenantId_correctedInvoiceId_fkey" FOREIGN KEY ("tenantId", "correctedInvoiceId") REFERENCES "Invoice"("tenantId", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Only a correction (KOR) points at a corrected invoice.
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_correction_link_only_kor" CHECK ("correctedInvoiceId" IS NULL OR kind = 'KOR');
