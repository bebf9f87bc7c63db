-- CreateTable
CREATE TABLE "IntakePass" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "startedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "fetchedAt" DATETIME,
    "status" TEXT NOT NULL DEFAULT 'running',
    "errorName" TEXT,
    "errorKinds" TEXT,
    "errorMessage" TEXT,
    "backlog" INTEGER,
    "messagesTaken" INTEGER NOT NULL DEFAULT 0,
    "leftInInbox" INTEGER NOT NULL DEFAULT 0,
    "accepted" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "flagged" INTEGER NOT NULL DEFAULT 0,
    "ignored" INTEGER NOT NULL DEFAULT 0,
    "duplicate" INTEGER NOT NULL DEFAULT 0,
    "repliesSent" INTEGER NOT NULL DEFAULT 0,
    "repliesDeferred" INTEGER NOT NULL DEFAULT 0,
    "repliesFailed" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "Alert" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "detail" TEXT NOT NULL,
    "openedAt" DATETIME NOT NULL,
    "resolvedAt" DATETIME,
    "notified" BOOLEAN NOT NULL DEFAULT false,
    "openSlot" TEXT
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Reply" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "messageId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT NOT NULL,
    "inReplyTo" TEXT,
    "references" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "decisionId" INTEGER,
    "inboundId" INTEGER,
    "requestId" INTEGER,
    "alertId" INTEGER,
    CONSTRAINT "Reply_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Reply_inboundId_fkey" FOREIGN KEY ("inboundId") REFERENCES "Message" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Reply_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Reply_alertId_fkey" FOREIGN KEY ("alertId") REFERENCES "Alert" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Reply" ("attempts", "createdAt", "decisionId", "html", "id", "inReplyTo", "inboundId", "kind", "lastError", "messageId", "nextAttemptAt", "recipient", "references", "requestId", "sentAt", "status", "subject", "text") SELECT "attempts", "createdAt", "decisionId", "html", "id", "inReplyTo", "inboundId", "kind", "lastError", "messageId", "nextAttemptAt", "recipient", "references", "requestId", "sentAt", "status", "subject", "text" FROM "Reply";
DROP TABLE "Reply";
ALTER TABLE "new_Reply" RENAME TO "Reply";
CREATE UNIQUE INDEX "Reply_messageId_key" ON "Reply"("messageId");
CREATE INDEX "Reply_status_idx" ON "Reply"("status");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "IntakePass_status_idx" ON "IntakePass"("status");

-- CreateIndex
CREATE UNIQUE INDEX "Alert_openSlot_key" ON "Alert"("openSlot");

