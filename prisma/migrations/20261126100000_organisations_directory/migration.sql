-- CreateTable
CREATE TABLE "Organisation" (
    "code" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "parentCode" TEXT,
    "status" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "OrganisationDomain" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "organisationCode" TEXT NOT NULL,
    "domain" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "DirectoryEntry" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "organisationCode" TEXT NOT NULL,
    "validFrom" TEXT NOT NULL,
    "validTo" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "MessageSource" (
    "messageId" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "raw" BLOB NOT NULL
);

-- CreateIndex
CREATE INDEX "Organisation_type_idx" ON "Organisation"("type");

-- CreateIndex
CREATE UNIQUE INDEX "OrganisationDomain_organisationCode_domain_key" ON "OrganisationDomain"("organisationCode", "domain");

-- CreateIndex
CREATE INDEX "DirectoryEntry_email_idx" ON "DirectoryEntry"("email");

-- CreateIndex
CREATE INDEX "DirectoryEntry_organisationCode_idx" ON "DirectoryEntry"("organisationCode");

-- CreateIndex
CREATE UNIQUE INDEX "DirectoryEntry_email_role_organisationCode_validFrom_key" ON "DirectoryEntry"("email", "role", "organisationCode", "validFrom");

