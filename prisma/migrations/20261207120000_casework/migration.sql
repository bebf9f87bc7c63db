-- Casework (src/casework): a case for every referred message, the agent and note of each audit line.
-- A message whose latest decision referred it to people becomes an open case of its own (the case
-- takes the message's id, the table being empty here), about the request that decision was on.
-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN "actor" TEXT;
ALTER TABLE "AuditEvent" ADD COLUMN "note" TEXT;

-- CreateTable
CREATE TABLE "Case" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "state" TEXT NOT NULL,
    "requestId" INTEGER,
    "openedAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    "claimedBy" TEXT,
    "claimedAt" DATETIME,
    "snoozedUntil" DATETIME,
    "resolution" TEXT,
    "resolvedBy" TEXT,
    "resolvedAt" DATETIME,
    "version" INTEGER NOT NULL,
    CONSTRAINT "Case_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Message" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "mailboxKey" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "fromAddress" TEXT,
    "subject" TEXT,
    "receivedAt" DATETIME NOT NULL,
    "caseId" INTEGER,
    CONSTRAINT "Message_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "Case" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Message" ("contentHash", "fromAddress", "id", "mailboxKey", "messageId", "receivedAt", "sizeBytes", "subject") SELECT "contentHash", "fromAddress", "id", "mailboxKey", "messageId", "receivedAt", "sizeBytes", "subject" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_messageId_key" ON "Message"("messageId");
CREATE INDEX "Message_caseId_idx" ON "Message"("caseId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "Case_state_openedAt_idx" ON "Case"("state", "openedAt");

-- CreateIndex
CREATE INDEX "Case_requestId_idx" ON "Case"("requestId");


-- Carry over: every message still referred to people is an open case.
INSERT INTO "Case" ("id", "state", "requestId", "openedAt", "updatedAt", "version")
SELECT m."id", 'open', d."requestId", d."decidedAt", d."decidedAt", 1
FROM "Message" m
JOIN "Decision" d ON d."id" = (SELECT MAX(d2."id") FROM "Decision" d2 WHERE d2."inboundId" = m."id")
WHERE d."outcome" = 'flagged';
UPDATE "Message" SET "caseId" = "id" WHERE "id" IN (SELECT "id" FROM "Case");
