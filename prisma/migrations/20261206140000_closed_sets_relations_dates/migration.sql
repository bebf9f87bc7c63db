-- Closed sets become enums (stored as the same text), the integer message links are called
-- inboundId, a request's organisation codes become rows, days become dates (UTC midnight, in
-- the ISO form every other time is stored in), every foreign key gets a relation and an index,
-- and no column takes its time from the database clock. Hand-edited where data is carried over:
-- the codes, the days, the renamed columns, and the directory entries and sender domains of
-- organisations never loaded (they could authorise nothing, and now cannot be stored: they are
-- left out; import the organisations before upgrading to keep them). An authorisation day not
-- written yyyy-mm-dd (the form reader writes no other) would become null.

-- CreateTable
CREATE TABLE "RequestOrganisation" (
    "requestId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "code" TEXT NOT NULL,

    PRIMARY KEY ("requestId", "position"),
    CONSTRAINT "RequestOrganisation_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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
    "receivedAt" DATETIME NOT NULL
);
INSERT INTO "new_Message" ("contentHash", "fromAddress", "id", "mailboxKey", "messageId", "receivedAt", "sizeBytes", "subject") SELECT "contentHash", "fromAddress", "id", "mailboxKey", "messageId", "receivedAt", "sizeBytes", "subject" FROM "Message";
DROP TABLE "Message";
ALTER TABLE "new_Message" RENAME TO "Message";
CREATE UNIQUE INDEX "Message_messageId_key" ON "Message"("messageId");
CREATE TABLE "new_Request" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "reference" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "formVersion" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "applicantFirstName" TEXT NOT NULL,
    "applicantLastName" TEXT NOT NULL,
    "applicantEmail" TEXT NOT NULL,
    "applicantJobTitle" TEXT NOT NULL,
    "applicantPhone" TEXT,
    "organisationName" TEXT NOT NULL,
    "organisationType" TEXT NOT NULL,
    "createAnalysis" BOOLEAN NOT NULL DEFAULT false,
    "justification" TEXT,
    "authoriserName" TEXT,
    "authoriserEmail" TEXT,
    "authoriserRole" TEXT,
    "authoriserPhone" TEXT,
    "authorisationDate" DATETIME,
    "attention" TEXT,
    "earlierRequestId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Request_earlierRequestId_fkey" FOREIGN KEY ("earlierRequestId") REFERENCES "Request" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Request" ("applicantEmail", "applicantFirstName", "applicantJobTitle", "applicantLastName", "applicantPhone", "attention", "authorisationDate", "authoriserEmail", "authoriserName", "authoriserPhone", "authoriserRole", "createAnalysis", "createdAt", "earlierRequestId", "fingerprint", "formId", "formVersion", "id", "justification", "organisationName", "organisationType", "reference", "status", "updatedAt") SELECT "applicantEmail", "applicantFirstName", "applicantJobTitle", "applicantLastName", "applicantPhone", "attention", CASE WHEN "authorisationDate" GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' THEN "authorisationDate" || 'T00:00:00.000+00:00' END, "authoriserEmail", "authoriserName", "authoriserPhone", "authoriserRole", "createAnalysis", "createdAt", "earlierRequestId", "fingerprint", "formId", "formVersion", "id", "justification", "organisationName", "organisationType", "reference", "status", "updatedAt" FROM "Request";
-- "A81001,A81002" becomes one row a code, in the order written.
INSERT INTO "RequestOrganisation" ("requestId", "position", "code")
WITH RECURSIVE "piece" ("requestId", "at", "code", "rest") AS (
    SELECT "id", 0, NULL, "organisationCode" || ',' FROM "Request"
    UNION ALL
    SELECT "requestId", "at" + 1, trim(substr("rest", 1, instr("rest", ',') - 1)), substr("rest", instr("rest", ',') + 1) FROM "piece" WHERE "rest" <> ''
)
SELECT "requestId", row_number() OVER (PARTITION BY "requestId" ORDER BY "at") - 1, "code" FROM "piece" WHERE "code" IS NOT NULL AND "code" <> '';
DROP TABLE "Request";
ALTER TABLE "new_Request" RENAME TO "Request";
CREATE UNIQUE INDEX "Request_reference_key" ON "Request"("reference");
CREATE INDEX "Request_fingerprint_status_idx" ON "Request"("fingerprint", "status");
CREATE INDEX "Request_status_idx" ON "Request"("status");
CREATE INDEX "Request_earlierRequestId_idx" ON "Request"("earlierRequestId");
CREATE TABLE "new_Decision" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "inboundId" INTEGER NOT NULL,
    "requestId" INTEGER,
    "outcome" TEXT NOT NULL,
    "senderProof" TEXT,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "Decision_inboundId_fkey" FOREIGN KEY ("inboundId") REFERENCES "Message" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Decision_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "Request" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Decision" ("decidedAt", "id", "inboundId", "outcome", "requestId", "senderProof") SELECT "decidedAt", "id", "messageId", "outcome", "requestId", "senderProof" FROM "Decision";
DROP TABLE "Decision";
ALTER TABLE "new_Decision" RENAME TO "Decision";
CREATE INDEX "Decision_inboundId_idx" ON "Decision"("inboundId");
CREATE INDEX "Decision_requestId_idx" ON "Decision"("requestId");
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
    "createdAt" DATETIME NOT NULL,
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
INSERT INTO "new_Reply" ("alertId", "attempts", "createdAt", "decisionId", "html", "id", "inReplyTo", "inboundId", "kind", "lastError", "messageId", "nextAttemptAt", "recipient", "references", "requestId", "sentAt", "status", "subject", "text") SELECT "alertId", "attempts", "createdAt", "decisionId", "html", "id", "inReplyTo", "inboundId", "kind", "lastError", "messageId", "nextAttemptAt", "recipient", "references", "requestId", "sentAt", "status", "subject", "text" FROM "Reply";
DROP TABLE "Reply";
ALTER TABLE "new_Reply" RENAME TO "Reply";
CREATE UNIQUE INDEX "Reply_messageId_key" ON "Reply"("messageId");
CREATE INDEX "Reply_recipient_createdAt_kind_idx" ON "Reply"("recipient", "createdAt", "kind");
CREATE INDEX "Reply_status_idx" ON "Reply"("status");
CREATE INDEX "Reply_decisionId_idx" ON "Reply"("decisionId");
CREATE INDEX "Reply_inboundId_idx" ON "Reply"("inboundId");
CREATE INDEX "Reply_requestId_idx" ON "Reply"("requestId");
CREATE INDEX "Reply_alertId_idx" ON "Reply"("alertId");
CREATE TABLE "new_AuditEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "at" DATETIME NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" INTEGER NOT NULL,
    "event" TEXT NOT NULL,
    "fromState" TEXT,
    "toState" TEXT,
    "detail" TEXT
);
INSERT INTO "new_AuditEvent" ("at", "detail", "event", "fromState", "id", "subjectId", "subjectType", "toState") SELECT "at", "detail", "event", "fromState", "id", "subjectId", "subjectType", "toState" FROM "AuditEvent";
DROP TABLE "AuditEvent";
ALTER TABLE "new_AuditEvent" RENAME TO "AuditEvent";
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");
CREATE TABLE "new_OrganisationDomain" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationCode" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "OrganisationDomain_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_OrganisationDomain" ("createdAt", "domain", "id", "organisationCode") SELECT "createdAt", "domain", "id", "organisationCode" FROM "OrganisationDomain" WHERE "organisationCode" IN (SELECT "code" FROM "Organisation");
DROP TABLE "OrganisationDomain";
ALTER TABLE "new_OrganisationDomain" RENAME TO "OrganisationDomain";
CREATE UNIQUE INDEX "OrganisationDomain_organisationCode_domain_key" ON "OrganisationDomain"("organisationCode", "domain");
CREATE TABLE "new_DirectoryEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "validFrom" DATETIME NOT NULL,
    "validTo" DATETIME,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "DirectoryEntry_organisationCode_fkey" FOREIGN KEY ("organisationCode") REFERENCES "Organisation" ("code") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_DirectoryEntry" ("createdAt", "email", "id", "name", "organisationCode", "role", "validFrom", "validTo") SELECT "createdAt", "email", "id", "name", "organisationCode", "role", "validFrom" || 'T00:00:00.000+00:00', "validTo" || 'T00:00:00.000+00:00' FROM "DirectoryEntry" WHERE "organisationCode" IN (SELECT "code" FROM "Organisation");
DROP TABLE "DirectoryEntry";
ALTER TABLE "new_DirectoryEntry" RENAME TO "DirectoryEntry";
CREATE INDEX "DirectoryEntry_email_idx" ON "DirectoryEntry"("email");
CREATE INDEX "DirectoryEntry_organisationCode_idx" ON "DirectoryEntry"("organisationCode");
CREATE UNIQUE INDEX "DirectoryEntry_email_role_organisationCode_validFrom_key" ON "DirectoryEntry"("email", "role", "organisationCode", "validFrom");
CREATE TABLE "new_MessageSourcePart" (
    "inboundId" INTEGER NOT NULL,
    "part" INTEGER NOT NULL,
    "bytes" BLOB NOT NULL,

    PRIMARY KEY ("inboundId", "part"),
    CONSTRAINT "MessageSourcePart_inboundId_fkey" FOREIGN KEY ("inboundId") REFERENCES "Message" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_MessageSourcePart" ("bytes", "inboundId", "part") SELECT "bytes", "messageId", "part" FROM "MessageSourcePart";
DROP TABLE "MessageSourcePart";
ALTER TABLE "new_MessageSourcePart" RENAME TO "MessageSourcePart";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "RequestOrganisation_code_idx" ON "RequestOrganisation"("code");

