-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
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
    "organisationCode" TEXT NOT NULL,
    "organisationType" TEXT NOT NULL,
    "createAnalysis" BOOLEAN NOT NULL DEFAULT false,
    "justification" TEXT,
    "authoriserName" TEXT,
    "authoriserEmail" TEXT,
    "authoriserRole" TEXT,
    "authoriserPhone" TEXT,
    "authorisationDate" TEXT,
    "attention" TEXT,
    "earlierRequestId" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Request_earlierRequestId_fkey" FOREIGN KEY ("earlierRequestId") REFERENCES "Request" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Request" ("applicantEmail", "applicantFirstName", "applicantJobTitle", "applicantLastName", "applicantPhone", "attention", "authorisationDate", "authoriserEmail", "authoriserName", "authoriserPhone", "authoriserRole", "createAnalysis", "createdAt", "fingerprint", "formId", "formVersion", "id", "justification", "organisationCode", "organisationName", "organisationType", "reference", "status", "updatedAt") SELECT "applicantEmail", "applicantFirstName", "applicantJobTitle", "applicantLastName", "applicantPhone", "attention", "authorisationDate", "authoriserEmail", "authoriserName", "authoriserPhone", "authoriserRole", "createAnalysis", "createdAt", "fingerprint", "formId", "formVersion", "id", "justification", "organisationCode", "organisationName", "organisationType", "reference", "status", "updatedAt" FROM "Request";
DROP TABLE "Request";
ALTER TABLE "new_Request" RENAME TO "Request";
CREATE UNIQUE INDEX "Request_reference_key" ON "Request"("reference");
CREATE INDEX "Request_fingerprint_status_idx" ON "Request"("fingerprint", "status");
CREATE INDEX "Request_status_idx" ON "Request"("status");
CREATE INDEX "Request_earlierRequestId_idx" ON "Request"("earlierRequestId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

