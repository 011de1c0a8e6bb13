-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "KsefEnvironment" AS ENUM ('TEST', 'DEMO', 'PRD');

-- CreateEnum
CREATE TYPE "KsefAccessMode" AS ENUM ('DELEGATED', 'OWN_CERTIFICATE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OWNER', 'ACCOUNTANT', 'VIEWER');

-- CreateEnum
CREATE TYPE "ContractorKind" AS ENUM ('PL_COMPANY', 'EU_COMPANY', 'FOREIGN', 'CONSUMER');

-- CreateEnum
CREATE TYPE "InvoiceKind" AS ENUM ('VAT', 'KOR', 'ZAL', 'ROZ', 'UPR');

-- CreateEnum
CREATE TYPE "InvoiceStatus" AS ENUM ('DRAFT', 'ISSUED', 'QUEUED', 'WAITING_FOR_PERMISSION', 'SENDING', 'ACCEPTED', 'REJECTED');

-- CreateEnum
CREATE TYPE "KsefSessionKind" AS ENUM ('ONLINE', 'BATCH');

-- CreateTable
CREATE TABLE "Tenant" (
    "id" UUID NOT NULL,
    "nip" VARCHAR(10) NOT NULL,
    "name" TEXT NOT NULL,
    "addressLine1" TEXT NOT NULL DEFAULT '',
    "addressLine2" TEXT NOT NULL DEFAULT '',
    "countryCode" CHAR(2) NOT NULL DEFAULT 'PL',
    "ksefEnvironment" "KsefEnvironment" NOT NULL DEFAULT 'TEST',
    "ksefAccessMode" "KsefAccessMode" NOT NULL DEFAULT 'DELEGATED',
    "ownCertificateAllowed" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "isPlatformAdmin" BOOLEAN NOT NULL DEFAULT false,
    "locale" VARCHAR(5) NOT NULL DEFAULT 'pl',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "role" "Role" NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "invitedById" UUID NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "acceptedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Contractor" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "ContractorKind" NOT NULL DEFAULT 'PL_COMPANY',
    "nip" VARCHAR(10),
    "euVatId" TEXT,
    "taxId" TEXT,
    "countryCode" CHAR(2) NOT NULL DEFAULT 'PL',
    "name" TEXT NOT NULL,
    "addressLine1" TEXT NOT NULL DEFAULT '',
    "addressLine2" TEXT NOT NULL DEFAULT '',
    "email" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Contractor_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceSeries" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InvoiceSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceSeriesCounter" (
    "seriesId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL,
    "lastNumber" INTEGER NOT NULL,

    CONSTRAINT "InvoiceSeriesCounter_pkey" PRIMARY KEY ("seriesId","periodKey")
);

-- CreateTable
CREATE TABLE "Invoice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "seriesId" UUID,
    "number" TEXT,
    "kind" "InvoiceKind" NOT NULL DEFAULT 'VAT',
    "status" "InvoiceStatus" NOT NULL DEFAULT 'DRAFT',
    "issueDate" DATE NOT NULL,
    "saleDate" DATE,
    "currency" CHAR(3) NOT NULL DEFAULT 'PLN',
    "buyerContractorId" UUID,
    "buyerName" TEXT NOT NULL DEFAULT '',
    "buyerNip" TEXT,
    "model" JSONB NOT NULL,
    "totalNet" DECIMAL(18,2) NOT NULL,
    "totalVat" DECIMAL(18,2) NOT NULL,
    "totalGross" DECIMAL(18,2) NOT NULL,
    "correctedInvoiceId" UUID,
    "xml" TEXT,
    "xmlSha256" TEXT,
    "ksefNumber" TEXT,
    "ksefAcquisitionDate" TIMESTAMP(3),
    "statusReason" TEXT,
    "createdById" UUID,
    "issuedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Invoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InvoiceLine" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "quantity" DECIMAL(22,6) NOT NULL,
    "unit" TEXT NOT NULL DEFAULT 'szt.',
    "unitPrice" DECIMAL(22,8) NOT NULL,
    "vatRate" TEXT NOT NULL,
    "net" DECIMAL(18,2) NOT NULL,
    "vat" DECIMAL(18,2) NOT NULL,
    "gross" DECIMAL(18,2) NOT NULL,

    CONSTRAINT "InvoiceLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KsefSession" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "kind" "KsefSessionKind" NOT NULL,
    "referenceNumber" TEXT,
    "status" TEXT NOT NULL,
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "upoXml" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KsefSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "KsefSubmission" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "invoiceId" UUID NOT NULL,
    "sessionId" UUID,
    "status" TEXT NOT NULL,
    "invoiceSha256" TEXT NOT NULL,
    "referenceNumber" TEXT,
    "ksefNumber" TEXT,
    "ksefAcquisitionDate" TIMESTAMP(3),
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "upoXml" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KsefSubmission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ReceivedInvoice" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "ksefNumber" TEXT NOT NULL,
    "invoiceNumber" TEXT NOT NULL,
    "sellerNip" TEXT NOT NULL,
    "sellerName" TEXT NOT NULL,
    "issueDate" DATE NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "totalNet" DECIMAL(18,2) NOT NULL,
    "totalVat" DECIMAL(18,2) NOT NULL,
    "totalGross" DECIMAL(18,2) NOT NULL,
    "acquisitionDate" TIMESTAMP(3),
    "permanentStorageDate" TIMESTAMP(3),
    "xml" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReceivedInvoice_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncCheckpoint" (
    "tenantId" UUID NOT NULL,
    "subjectType" TEXT NOT NULL,
    "checkpoint" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SyncCheckpoint_pkey" PRIMARY KEY ("tenantId","subjectType")
);

-- CreateTable
CREATE TABLE "KsefPermissionCheck" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "checkedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,
    "result" JSONB NOT NULL,

    CONSTRAINT "KsefPermissionCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" UUID NOT NULL,
    "tenantId" UUID NOT NULL,
    "actorUserId" UUID,
    "action" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "ksefReference" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OwnCertificate" (
    "tenantId" UUID NOT NULL,
    "certificate" TEXT NOT NULL,
    "encryptedKey" BYTEA NOT NULL,
    "keyIv" BYTEA NOT NULL,
    "keyTag" BYTEA NOT NULL,
    "wrappedDek" BYTEA NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "notAfter" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OwnCertificate_pkey" PRIMARY KEY ("tenantId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Tenant_nip_key" ON "Tenant"("nip");

-- CreateIndex
CREATE UNIQUE INDEX "User_email_key" ON "User"("email");

-- CreateIndex
CREATE INDEX "Membership_tenantId_idx" ON "Membership"("tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_userId_tenantId_key" ON "Membership"("userId", "tenantId");

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_tokenHash_key" ON "Invitation"("tokenHash");

-- CreateIndex
CREATE INDEX "Invitation_tenantId_idx" ON "Invitation"("tenantId");

-- CreateIndex
CREATE INDEX "Contractor_tenantId_name_idx" ON "Contractor"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Contractor_tenantId_nip_key" ON "Contractor"("tenantId", "nip");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceSeries_tenantId_name_key" ON "InvoiceSeries"("tenantId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_ksefNumber_key" ON "Invoice"("ksefNumber");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_issueDate_id_idx" ON "Invoice"("tenantId", "issueDate" DESC, "id");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_status_issueDate_idx" ON "Invoice"("tenantId", "status", "issueDate" DESC);

-- CreateIndex
CREATE INDEX "Invoice_tenantId_kind_issueDate_idx" ON "Invoice"("tenantId", "kind", "issueDate" DESC);

-- CreateIndex
CREATE INDEX "Invoice_tenantId_buyerName_idx" ON "Invoice"("tenantId", "buyerName");

-- CreateIndex
CREATE INDEX "Invoice_tenantId_createdAt_idx" ON "Invoice"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Invoice_tenantId_number_key" ON "Invoice"("tenantId", "number");

-- CreateIndex
CREATE UNIQUE INDEX "InvoiceLine_invoiceId_position_key" ON "InvoiceLine"("invoiceId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "KsefSession_referenceNumber_key" ON "KsefSession"("referenceNumber");

-- CreateIndex
CREATE INDEX "KsefSession_tenantId_status_idx" ON "KsefSession"("tenantId", "status");

-- CreateIndex
CREATE INDEX "KsefSubmission_tenantId_status_idx" ON "KsefSubmission"("tenantId", "status");

-- CreateIndex
CREATE INDEX "KsefSubmission_invoiceId_idx" ON "KsefSubmission"("invoiceId");

-- CreateIndex
CREATE INDEX "ReceivedInvoice_tenantId_issueDate_idx" ON "ReceivedInvoice"("tenantId", "issueDate" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "ReceivedInvoice_tenantId_ksefNumber_key" ON "ReceivedInvoice"("tenantId", "ksefNumber");

-- CreateIndex
CREATE INDEX "KsefPermissionCheck_tenantId_checkedAt_idx" ON "KsefPermissionCheck"("tenantId", "checkedAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_createdAt_idx" ON "AuditEvent"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "AuditEvent_tenantId_action_idx" ON "AuditEvent"("tenantId", "action");

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_invitedById_fkey" FOREIGN KEY ("invitedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Contractor" ADD CONSTRAINT "Contractor_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceSeries" ADD CONSTRAINT "InvoiceSeries_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceSeriesCounter" ADD CONSTRAINT "InvoiceSeriesCounter_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "InvoiceSeries"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "InvoiceSeries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_buyerContractorId_fkey" FOREIGN KEY ("buyerContractorId") REFERENCES "Contractor"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Invoice" ADD CONSTRAINT "Invoice_correctedInvoiceId_fkey" FOREIGN KEY ("correctedInvoiceId") REFERENCES "Invoice"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InvoiceLine" ADD CONSTRAINT "InvoiceLine_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KsefSession" ADD CONSTRAINT "KsefSession_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KsefSubmission" ADD CONSTRAINT "KsefSubmission_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KsefSubmission" ADD CONSTRAINT "KsefSubmission_invoiceId_fkey" FOREIGN KEY ("invoiceId") REFERENCES "Invoice"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KsefSubmission" ADD CONSTRAINT "KsefSubmission_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "KsefSession"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ReceivedInvoice" ADD CONSTRAINT "ReceivedInvoice_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncCheckpoint" ADD CONSTRAINT "SyncCheckpoint_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "KsefPermissionCheck" ADD CONSTRAINT "KsefPermissionCheck_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditEvent" ADD CONSTRAINT "AuditEvent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OwnCertificate" ADD CONSTRAINT "OwnCertificate_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
