-- CreateEnum
CREATE TYPE "NipVerificationMethod" AS ENUM ('GRANT_CODE', 'OWN_CERTIFICATE', 'ADMIN');

-- DropIndex
DROP INDEX "Tenant_nip_key";

-- AlterTable
ALTER TABLE "Tenant" ADD COLUMN     "nipClaimNonce" TEXT NOT NULL DEFAULT replace((gen_random_uuid())::text, '-', ''),
ADD COLUMN     "nipVerifiedAt" TIMESTAMP(3),
ADD COLUMN     "nipVerifiedBy" "NipVerificationMethod";

-- CreateIndex
CREATE INDEX "Tenant_nip_idx" ON "Tenant"("nip");

-- One verified binding per NIP, while unverified claims may be many. Existing companies start
-- unverified: their binding was never proven (that was the hole), so each proves control once.
-- (No semicolons in comments: the schema engine splits the script on them.)
CREATE UNIQUE INDEX "Tenant_nip_verified_key" ON "Tenant"("nip") WHERE "nipVerifiedAt" IS NOT NULL;
ALTER TABLE "Tenant" ADD CONSTRAINT "Tenant_nip_verification_complete"
  CHECK (("nipVerifiedAt" IS NULL) = ("nipVerifiedBy" IS NULL));
