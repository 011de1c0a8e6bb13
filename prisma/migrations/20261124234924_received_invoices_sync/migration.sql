-- CreateEnum
CREATE TYPE "ReceivedRole" AS ENUM ('BUYER', 'THIRD_PARTY', 'AUTHORIZED');

-- CreateEnum
CREATE TYPE "SyncRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'PAUSED');

-- DropIndex
DROP INDEX "ReceivedInvoice_tenantId_issueDate_idx";

-- AlterTable
ALTER TABLE "ReceivedInvoice" ADD COLUMN     "bookedAt" TIMESTAMP(3),
ADD COLUMN     "bookedById" UUID,
ADD COLUMN     "buyerName" TEXT,
ADD COLUMN     "invoiceType" TEXT NOT NULL,
ADD COLUMN     "metadata" JSONB NOT NULL,
ADD COLUMN     "model" JSONB,
ADD COLUMN     "paidAt" TIMESTAMP(3),
ADD COLUMN     "paidById" UUID,
ADD COLUMN     "parseError" TEXT,
ADD COLUMN     "roles" "ReceivedRole"[],
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL,
ADD COLUMN     "xmlSha256" TEXT NOT NULL,
ALTER COLUMN "permanentStorageDate" SET NOT NULL,
DROP COLUMN "xml",
ADD COLUMN     "xml" BYTEA NOT NULL;

-- CreateTable
CREATE TABLE "SyncRun" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "trigger" TEXT NOT NULL,
    "requestedById" UUID,
    "status" "SyncRunStatus" NOT NULL DEFAULT 'QUEUED',
    "subjectTypes" TEXT[],
    "phase" TEXT,
    "windows" INTEGER NOT NULL DEFAULT 0,
    "fetched" INTEGER NOT NULL DEFAULT 0,
    "created" INTEGER NOT NULL DEFAULT 0,
    "requests" JSONB,
    "errorCode" TEXT,
    "errorDetail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "heartbeatAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "SyncRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SyncRun_tenantId_createdAt_idx" ON "SyncRun"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_issueDate_id_idx" ON "ReceivedInvoice"("tenantId", "issueDate" DESC, "id");

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_permanentStorageDate_idx" ON "ReceivedInvoice"("tenantId", "permanentStorageDate" DESC);

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_totalGross_idx" ON "ReceivedInvoice"("tenantId", "totalGross" DESC);

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_sellerNip_idx" ON "ReceivedInvoice"("tenantId", "sellerNip");

-- AddForeignKey
ALTER TABLE "SyncRun" ADD CONSTRAINT "SyncRun_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Seller search (case-insensitive "contains") on many thousands of purchases per tenant: trigram GIN index.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX "ReceivedInvoice_sellerName_trgm_idx" ON "ReceivedInvoice" USING gin ("sellerName" gin_trgm_ops);
