-- AlterTable
ALTER TABLE "KsefSubmission" ADD COLUMN     "upoAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "upoGaveUpAt" TIMESTAMP(3),
ADD COLUMN     "upoNextAttemptAt" TIMESTAMP(3);
