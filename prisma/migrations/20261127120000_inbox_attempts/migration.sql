-- CreateTable
CREATE TABLE "InboxAttempt" (
    "mailboxKey" TEXT NOT NULL PRIMARY KEY,
    "attempts" INTEGER NOT NULL,
    "lastStartedAt" DATETIME NOT NULL
);

