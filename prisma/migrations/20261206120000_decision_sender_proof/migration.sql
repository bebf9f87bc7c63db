-- AlterTable
ALTER TABLE "Decision" ADD COLUMN "senderProof" TEXT;

