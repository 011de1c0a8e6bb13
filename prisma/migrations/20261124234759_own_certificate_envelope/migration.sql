-- No code wrote OwnCertificate before this migration, so the table is empty and NOT NULL columns need no default.
-- AlterTable
ALTER TABLE "OwnCertificate" ADD COLUMN     "expiryWarnings" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
ADD COLUMN     "identifierType" TEXT NOT NULL,
ADD COLUMN     "identifierValue" TEXT NOT NULL,
ADD COLUMN     "keyAlgorithm" TEXT NOT NULL,
ADD COLUMN     "masterKeyId" TEXT NOT NULL,
ADD COLUMN     "notBefore" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "subject" TEXT NOT NULL,
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "uploadedById" UUID;

-- CreateIndex
CREATE INDEX "OwnCertificate_notAfter_idx" ON "OwnCertificate"("notAfter");
