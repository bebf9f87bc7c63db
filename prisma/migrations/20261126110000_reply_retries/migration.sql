-- AlterTable
ALTER TABLE "Request" ADD COLUMN "attention" TEXT;

-- AlterTable
ALTER TABLE "Reply" ADD COLUMN "nextAttemptAt" DATETIME;

