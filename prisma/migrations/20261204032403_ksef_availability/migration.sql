-- CreateTable
CREATE TABLE "KsefAvailability" (
    "environment" TEXT NOT NULL,
    "unreachableSince" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "KsefAvailability_pkey" PRIMARY KEY ("environment")
);
