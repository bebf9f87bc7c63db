// The migration to enums, relations and dates carries a database in use over whole: a
// database is built with the migrations before it, filled through SQL with the rows an intake
// in service holds, migrated, and read back row by row and through the records.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type Database } from "../../src/records/database.ts";
import { listDirectoryEntries } from "../../src/records/directory.ts";
import { listOrganisationDomains } from "../../src/records/domains.ts";
import { findKeptMessage } from "../../src/records/message-source.ts";
import { listMessages } from "../../src/records/messages.ts";
import { applyMigrations, MIGRATIONS_DIR } from "../../src/records/migrate.ts";
import { passHistory } from "../../src/records/passes.ts";
import { listRequests } from "../../src/records/requests.ts";
import { listCases } from "../../src/records/cases.ts";

const MIGRATION = "20261206140000_closed_sets_relations_dates";
const T = (minute: number): string => new Date(Date.UTC(2026, 11, 5, 9, minute)).toISOString().replace("Z", "+00:00");

/** The rows of an intake in service, as the schema before the migration holds them. */
const BEFORE = `
INSERT INTO "Organisation" ("code", "name", "type", "parentCode", "status", "source", "updatedAt") VALUES
  ('A81001', 'Example Medical Practice', 'gp-practice', '92G', 'open', 'epraccur-legacy', '${T(0)}'),
  ('A81002', 'Second Medical Practice', 'gp-practice', '92G', 'open', 'epraccur-current', '${T(0)}'),
  ('A89999', 'Closed Medical Practice', 'prescribing-cost-centre', '92G', 'closed', 'epraccur-legacy', '${T(0)}'),
  ('U12345', 'Example Primary Care Network', 'pcn', '92G', 'open', 'csv', '${T(0)}'),
  ('RXX', 'Example Hospitals NHS Trust', 'nhs-trust', NULL, 'open', 'csv', '${T(0)}');
INSERT INTO "DirectoryEntry" ("email", "name", "role", "organisationCode", "validFrom", "validTo", "createdAt") VALUES
  ('bob@nhs.net', 'Dr Bob', 'gp', 'A81001', '2020-01-01', NULL, '${T(1)}'),
  ('bob@nhs.net', 'Dr Bob', 'gp', 'A81002', '2020-01-01', '2026-03-31', '${T(1)}'),
  ('bob@nhs.net', 'Dr Bob', 'pcn-clinical-director', 'U12345', '2024-04-01', NULL, '${T(1)}'),
  ('carol@nhs.net', 'Carol Guardian', 'caldicott-guardian', 'RXX', '2019-10-15', '2027-03-31', '${T(2)}'),
  ('nobody@nhs.net', 'Never Loaded', 'gp', 'Y99999', '2024-01-01', NULL, '${T(2)}');
INSERT INTO "OrganisationDomain" ("organisationCode", "domain", "createdAt") VALUES
  ('A81001', 'example-surgery.co.uk', '${T(3)}'),
  ('Y99999', 'never-loaded.example', '${T(3)}');
INSERT INTO "Message" ("id", "messageId", "contentHash", "mailboxKey", "sizeBytes", "fromAddress", "subject", "receivedAt") VALUES
  (1, '<gp-form@nhs.net>', 'h1', '1.M1.host', 52000, 'bob@nhs.net', 'GP form', '${T(10)}'),
  (2, '<trust-form@nhs.net>', 'h2', '1.M2.host', 48000, 'dana@nhs.net', 'Trust form', '${T(11)}'),
  (3, '<second-try@nhs.net>', 'h3', '1.M3.host', 47000, 'eve@nhs.net', 'Trust form again', '${T(12)}'),
  (4, '<away@nhs.net>', 'h4', '1.M4.host', 2000, 'away@nhs.net', 'Out of office', '${T(13)}');
INSERT INTO "Request" ("id", "reference", "status", "formId", "formVersion", "fingerprint", "applicantFirstName", "applicantLastName", "applicantEmail",
  "applicantJobTitle", "applicantPhone", "organisationName", "organisationCode", "organisationType", "createAnalysis", "justification", "authoriserName",
  "authoriserEmail", "authoriserRole", "authoriserPhone", "authorisationDate", "attention", "earlierRequestId", "createdAt", "updatedAt") VALUES
  (1, 'EP2-AAAA-1111', 'authorised', 'EPACT2-GP', '2025.1', 'fp-gp', 'Alice', 'Applicant', 'alice@nhs.net', 'Pharmacist', '0113 000 0000',
   'Example Medical Practice', 'A81001,A81002,U12345', 'GP practice', 1, NULL, 'Dr Bob', 'bob@nhs.net', 'GP partner', NULL, '2026-12-01', NULL, NULL, '${T(10)}', '${T(10)}'),
  (2, 'EP2-BBBB-2222', 'referred', 'EPACT2-PRESCRIBER', '2025.1', 'fp-trust', 'Frank', 'Applicant', 'frank@nhs.net', 'Analyst', NULL,
   'Example Hospitals NHS Trust', 'RXX', 'NHS trust', 0, NULL, 'Dana', 'dana@nhs.net', 'Caldicott Guardian', '0113 111 1111', '2026-11-30', 'referred undeliverable', NULL, '${T(11)}', '${T(20)}'),
  (3, 'EP2-CCCC-3333', 'rejected', 'EPACT2-PRESCRIBER', '2025.1', 'fp-trust', 'Frank', 'Applicant', 'frank@nhs.net', 'Analyst', NULL,
   'Example Hospitals NHS Trust', 'RXX', 'NHS trust', 0, NULL, 'Eve', 'eve@nhs.net', 'Caldicott Guardian', NULL, '2026-12-02', NULL, 2, '${T(12)}', '${T(12)}');
INSERT INTO "Decision" ("id", "messageId", "requestId", "outcome", "senderProof", "decidedAt") VALUES
  (1, 1, 1, 'accepted', 'dkim', '${T(10)}'),
  (2, 2, 2, 'flagged', 'authentication-results', '${T(11)}'),
  (3, 3, 3, 'rejected', 'exchange-organisation', '${T(12)}'),
  (4, 4, NULL, 'ignored', NULL, '${T(13)}'),
  (5, 2, 2, 'flagged', 'arc', '${T(30)}');
INSERT INTO "Finding" ("decisionId", "code", "detail") VALUES
  (2, 'AUTHORISER_NOT_RECOGNISED', 'dana@nhs.net for RXX'),
  (3, 'AUTHORISER_ROLE_INVALID', NULL),
  (3, 'SENDER_NOT_AUTHORISER', NULL),
  (4, 'AUTO_REPLY', 'Auto-Submitted: auto-replied'),
  (5, 'AUTHORISER_NOT_RECOGNISED', 'dana@nhs.net for RXX');
INSERT INTO "MessageSourcePart" ("messageId", "part", "bytes") VALUES (2, 0, X'46726f6d3a'), (2, 1, X'0d0a0d0a626f6479');
INSERT INTO "Alert" ("id", "kind", "detail", "openedAt", "resolvedAt", "notified", "openSlot") VALUES
  (1, 'AUTHENTICATION_REFUSED', 'the mailbox refused the login 3 times in a row', '${T(40)}', '${T(50)}', 1, NULL);
INSERT INTO "Reply" ("id", "messageId", "kind", "recipient", "subject", "text", "html", "inReplyTo", "references", "status", "attempts", "nextAttemptAt",
  "lastError", "createdAt", "sentAt", "decisionId", "inboundId", "requestId", "alertId") VALUES
  (1, '<r1@intake>', 'authoriser-confirmation', 'bob@nhs.net', 'Confirmed', 't', 'h', '<gp-form@nhs.net>', '<gp-form@nhs.net>', 'sent', 1, NULL, NULL, '${T(10)}', '${T(10)}', 1, 1, 1, NULL),
  (2, '<r2@intake>', 'applicant-authorised', 'alice@nhs.net', 'Authorised', 't', 'h', '<gp-form@nhs.net>', '<gp-form@nhs.net>', 'sent', 2, NULL, 'busy', '${T(10)}', '${T(14)}', 1, 1, 1, NULL),
  (3, '<r3@intake>', 'referred', 'dana@nhs.net', 'Referred', 't', 'h', '<trust-form@nhs.net>', '<a@x> <trust-form@nhs.net>', 'failed', 5, NULL, '550 no such user', '${T(11)}', NULL, 2, 2, 2, NULL),
  (4, '<r4@intake>', 'support-notice', 'support@nhs.net', 'Undeliverable', 't', 'h', '<trust-form@nhs.net>', NULL, 'pending', 0, '${T(21)}', NULL, '${T(20)}', NULL, 2, 2, 2, NULL),
  (5, '<r5@intake>', 'rejection', 'eve@nhs.net', 'Rejected', 't', 'h', '<second-try@nhs.net>', NULL, 'sending', 1, '${T(22)}', 'connection reset', '${T(12)}', NULL, 3, 3, 3, NULL),
  (6, '<r6@intake>', 'duplicate', 'eve@nhs.net', 'Duplicate', 't', 'h', '<second-try@nhs.net>', NULL, 'suppressed', 0, NULL, 'not sent: cap', '${T(12)}', NULL, 3, 3, 3, NULL),
  (7, '<r7@intake>', 'support-alert', 'support@nhs.net', 'Intake is failing', 't', 'h', '', NULL, 'sent', 1, NULL, NULL, '${T(40)}', '${T(40)}', NULL, NULL, NULL, 1),
  (8, '<r8@intake>', 'support-recovered', 'support@nhs.net', 'Intake recovered', 't', 'h', '', NULL, 'sent', 1, NULL, NULL, '${T(50)}', '${T(50)}', NULL, NULL, NULL, 1);
INSERT INTO "AuditEvent" ("at", "subjectType", "subjectId", "event", "fromState", "toState", "detail") VALUES
  ('${T(10)}', 'message', 1, 'received', NULL, NULL, NULL),
  ('${T(10)}', 'request', 1, 'created', NULL, 'authorised', 'from message 1'),
  ('${T(10)}', 'message', 1, 'decided', NULL, 'accepted', NULL),
  ('${T(10)}', 'reply', 1, 'queued', NULL, 'pending', 'authoriser-confirmation'),
  ('${T(12)}', 'request', 2, 'later-request', NULL, NULL, 'EP2-CCCC-3333'),
  ('${T(20)}', 'reply', 3, 'delivery-failed', 'sending', 'failed', '550 no such user'),
  ('${T(20)}', 'request', 2, 'notification-undeliverable', NULL, NULL, 'referred'),
  ('${T(40)}', 'alert', 1, 'raised', NULL, 'open', 'AUTHENTICATION_REFUSED'),
  ('${T(50)}', 'alert', 1, 'resolved', 'open', 'resolved', NULL);
INSERT INTO "IntakePass" ("startedAt", "finishedAt", "fetchedAt", "status", "errorName", "errorKinds", "errorMessage", "backlog", "messagesTaken", "accepted", "flagged", "repliesSent") VALUES
  ('${T(9)}', '${T(10)}', '${T(9)}', 'ok', NULL, NULL, NULL, 2, 2, 1, 1, 2),
  ('${T(40)}', '${T(40)}', NULL, 'failed', 'MailboxAuthenticationError', 'MailboxAuthenticationError Error', 'login refused', NULL, 0, 0, 0, 0),
  ('${T(55)}', NULL, '${T(55)}', 'running', NULL, NULL, NULL, 0, 0, 0, 0, 0);
INSERT INTO "InboxAttempt" ("mailboxKey", "attempts", "lastStartedAt") VALUES ('1.M9.host', 2, '${T(56)}');
`;

const TABLES = ["Message", "Request", "Decision", "Finding", "Reply", "AuditEvent", "Organisation", "OrganisationDomain", "DirectoryEntry", "MessageSourcePart", "IntakePass", "Alert", "InboxAttempt"];

let dir: string;
let databasePath: string;
let before: Record<string, Record<string, unknown>[]>;
let after: Record<string, Record<string, unknown>[]>;
let db: Database;

const everyRow = (file: string, tables: readonly string[]): Record<string, Record<string, unknown>[]> => {
  const raw = new Sqlite(file, { readonly: true });
  try {
    return Object.fromEntries(tables.map((table) => [table, raw.prepare<[], Record<string, unknown>>(`SELECT * FROM "${table}" ORDER BY rowid`).all()]));
  } finally {
    raw.close();
  }
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "intake-migration-"));
  databasePath = path.join(dir, "intake.db");
  const migrations = path.join(dir, "migrations");
  mkdirSync(migrations);
  const earlier = readdirSync(MIGRATIONS_DIR).filter((name) => name < MIGRATION && /^\d{14}_/.test(name));
  for (const name of earlier) cpSync(path.join(MIGRATIONS_DIR, name), path.join(migrations, name), { recursive: true });
  expect(applyMigrations(databasePath, migrations)).toHaveLength(earlier.length);

  const raw = new Sqlite(databasePath);
  raw.exec(BEFORE);
  raw.close();
  before = everyRow(databasePath, TABLES);

  cpSync(path.join(MIGRATIONS_DIR, MIGRATION), path.join(migrations, MIGRATION), { recursive: true });
  expect(applyMigrations(databasePath, migrations)).toEqual([MIGRATION]);
  after = everyRow(databasePath, [...TABLES, "RequestOrganisation"]);
  db = await openDatabase(databasePath);
});

afterAll(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const without = (rows: Record<string, unknown>[], ...columns: string[]): Record<string, unknown>[] =>
  rows.map((row) => Object.fromEntries(Object.entries(row).filter(([column]) => !columns.includes(column))));
const renamed = (rows: Record<string, unknown>[], from: string, to: string): Record<string, unknown>[] =>
  rows.map(({ [from]: value, ...rest }) => ({ ...rest, [to]: value }));
const day = (text: unknown): string | null => (typeof text === "string" ? `${text}T00:00:00.000+00:00` : null);

describe(`migration ${MIGRATION}`, () => {
  it("keeps every row of the tables whose columns only changed type", () => {
    for (const table of ["Message", "Finding", "Reply", "AuditEvent", "Organisation", "IntakePass", "Alert", "InboxAttempt"]) {
      expect(after[table], table).toEqual(before[table]);
    }
    expect(after.Reply).toHaveLength(8);
    expect(after.AuditEvent).toHaveLength(9);
    expect(after.IntakePass).toHaveLength(3);
  });

  it("keeps every link of a reply: decision, message answered, request and alert", () => {
    const links = (rows: Record<string, unknown>[] | undefined) => rows?.map(({ id, decisionId, inboundId, requestId, alertId }) => ({ id, decisionId, inboundId, requestId, alertId }));
    expect(links(after.Reply)).toEqual(links(before.Reply));
    expect(links(after.Reply)?.filter((reply) => reply.requestId !== null)).toHaveLength(6);
  });

  it("calls a decision's and a kept part's message link inboundId, and keeps its value", () => {
    expect(after.Decision).toEqual(renamed(before.Decision!, "messageId", "inboundId").map((row) => ({ ...row })));
    expect(after.Decision?.map((d) => [d.inboundId, d.requestId])).toEqual([[1, 1], [2, 2], [3, 3], [4, null], [2, 2]]);
    expect(after.MessageSourcePart).toEqual(renamed(before.MessageSourcePart!, "messageId", "inboundId"));
  });

  it("turns a request's comma-joined codes into one row a code, in the order written", () => {
    expect(after.RequestOrganisation).toEqual([
      { requestId: 1, position: 0, code: "A81001" },
      { requestId: 1, position: 1, code: "A81002" },
      { requestId: 1, position: 2, code: "U12345" },
      { requestId: 2, position: 0, code: "RXX" },
      { requestId: 3, position: 0, code: "RXX" },
    ]);
  });

  it("keeps every request, its authorisation day now a date, and its link to the earlier one", () => {
    const expected = without(before.Request!, "organisationCode").map((row) => ({ ...row, authorisationDate: day(row.authorisationDate) }));
    expect(without(after.Request!)).toEqual(expected);
    expect(after.Request?.map((r) => r.earlierRequestId)).toEqual([null, null, 2]);
  });

  it("keeps the directory's days as dates, and leaves out entries and domains of organisations never loaded", () => {
    const loaded = before.DirectoryEntry!.filter((entry) => entry.organisationCode !== "Y99999");
    expect(after.DirectoryEntry).toEqual(loaded.map((row) => ({ ...row, validFrom: day(row.validFrom), validTo: day(row.validTo) })));
    expect(after.DirectoryEntry).toHaveLength(4);
    expect(after.OrganisationDomain).toEqual(before.OrganisationDomain!.filter((domain) => domain.organisationCode === "A81001"));
  });

  it("reads back through the records as the intake wrote it", async () => {
    expect((await listRequests(db)).map(({ reference, status, organisationCode, reasons, attention, earlierReference }) => ({ reference, status, organisationCode, reasons, attention, earlierReference }))).toEqual([
      { reference: "EP2-AAAA-1111", status: "authorised", organisationCode: "A81001,A81002,U12345", reasons: [], attention: null, earlierReference: null },
      { reference: "EP2-BBBB-2222", status: "referred", organisationCode: "RXX", reasons: ["AUTHORISER_NOT_RECOGNISED"], attention: "referred undeliverable", earlierReference: null },
      { reference: "EP2-CCCC-3333", status: "rejected", organisationCode: "RXX", reasons: ["AUTHORISER_ROLE_INVALID", "SENDER_NOT_AUTHORISER"], attention: null, earlierReference: "EP2-BBBB-2222" },
    ]);
    expect((await listMessages(db)).map(({ messageId, outcome, senderProof, requestReference }) => ({ messageId, outcome, senderProof, requestReference }))).toEqual([
      { messageId: "<gp-form@nhs.net>", outcome: "accepted", senderProof: "dkim", requestReference: "EP2-AAAA-1111" },
      { messageId: "<trust-form@nhs.net>", outcome: "flagged", senderProof: "arc", requestReference: "EP2-BBBB-2222" },
      { messageId: "<second-try@nhs.net>", outcome: "rejected", senderProof: "exchange-organisation", requestReference: "EP2-CCCC-3333" },
      { messageId: "<away@nhs.net>", outcome: "ignored", senderProof: null, requestReference: null },
    ]);
    expect(await listDirectoryEntries(db, { email: "carol@nhs.net" })).toEqual([
      { email: "carol@nhs.net", name: "Carol Guardian", role: "caldicott-guardian", organisationCode: "RXX", validFrom: "2019-10-15", validTo: "2027-03-31" },
    ]);
    expect(await listOrganisationDomains(db)).toEqual([{ organisationCode: "A81001", domain: "example-surgery.co.uk", addedAt: "2026-12-05T09:03:00.000Z" }]);
    expect((await findKeptMessage(db, "<trust-form@nhs.net>"))?.raw.toString()).toBe("From:\r\n\r\nbody");
    expect((await passHistory(db, 10)).recentPasses.map((pass) => pass.status)).toEqual(["running", "failed", "ok"]);
  });

  it("then, opened by the intake, the casework migration makes the message still referred an open case about its request", async () => {
    const { cases, total } = await listCases(db, { limit: 10, offset: 0 });
    expect(total).toBe(1);
    expect(cases[0]).toMatchObject({ state: "open", messageId: "<trust-form@nhs.net>", requestReference: "EP2-BBBB-2222", reasons: ["AUTHORISER_NOT_RECOGNISED"], version: 1 });
    expect(cases[0]?.openedAt.toISOString()).toBe("2026-12-05T09:30:00.000Z");
  });
});
