// A decision and what it produces, written against a real SQLite database: every time it
// stores is the one the caller's clock gave, and a request's organisation codes are rows in the
// form's order.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ComposedReply } from "../../src/replies/reply.ts";
import type { NewRequest } from "../../src/requests/request-change.ts";
import { openDatabase, type Database } from "../../src/records/database.ts";
import { recordDecision, type DecisionToRecord } from "../../src/records/decisions.ts";
import { listRequests } from "../../src/records/requests.ts";
import { gpForm } from "../rules/facts-builder.ts";

let dir: string;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "intake-decisions-"));
  db = await openDatabase(path.join(dir, "intake.db"));
});
afterEach(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const FIRST = new Date("2026-12-01T08:30:00.000Z");
const LATER = new Date("2026-12-03T16:45:00.000Z");

const reply = (kind: ComposedReply["kind"], id: string): ComposedReply => ({
  kind,
  messageId: `<${id}@intake.example>`,
  recipient: "bob.authoriser@nhs.net",
  subject: "Your ePACT2 registration",
  text: "text",
  html: "<p>html</p>",
  inReplyTo: "<form@nhs.net>",
  references: ["<form@nhs.net>"],
});

const request = (codes: readonly string[]): NewRequest => {
  const form = gpForm();
  return { reference: "EP2-AAAA-1111", status: "authorised", fingerprint: "fp", form: { ...form, organisation: { ...form.organisation, codes } } };
};

const decided = (messageId: string, change: DecisionToRecord["requestChange"], at: Date): DecisionToRecord => ({
  message: { messageId, contentHash: messageId, mailboxKey: messageId, sizeBytes: 1000, fromAddress: "bob.authoriser@nhs.net", subject: "form" },
  source: null,
  outcome: "accepted",
  findings: [],
  senderProof: "dkim",
  requestChange: change,
  replies: [reply("authoriser-confirmation", `${messageId}-1`)],
  suppressedReplies: [reply("duplicate", `${messageId}-2`)],
  at,
});

describe("recording a decision", () => {
  it("stamps the message, request, decision, replies and audit trail with the time it is given", async () => {
    await recordDecision(db, decided("<form@nhs.net>", { kind: "create", request: request(["A81001"]), earlier: null }, FIRST));
    const [message] = await db.message.findMany();
    const [stored] = await db.request.findMany();
    const [decision] = await db.decision.findMany();
    expect(message?.receivedAt).toEqual(FIRST);
    expect([stored?.createdAt, stored?.updatedAt]).toEqual([FIRST, FIRST]);
    expect(decision?.decidedAt).toEqual(FIRST);
    expect((await db.reply.findMany()).map((r) => [r.kind, r.status, r.createdAt])).toEqual([
      ["authoriser_confirmation", "pending", FIRST],
      ["duplicate", "suppressed", FIRST],
    ]);
    const audit = await db.auditEvent.findMany();
    expect(audit.map((event) => event.event)).toEqual(["received", "created", "decided", "queued", "suppressed"]);
    expect(new Set(audit.map((event) => event.at.toISOString()))).toEqual(new Set([FIRST.toISOString()]));
  });

  it("leaves no column a time of the database's own: no default reads its clock", () => {
    const raw = new Sqlite(path.join(dir, "intake.db"), { readonly: true });
    try {
      const tables = raw.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_%' ESCAPE '\\' AND name <> 'sqlite_sequence'`).all();
      const defaults = tables.flatMap(({ name }) =>
        raw.prepare<[], { name: string; dflt_value: string | null }>(`PRAGMA table_info("${name}")`).all().map((column) => `${name}.${column.name} ${column.dflt_value ?? ""}`),
      );
      expect(tables.length).toBeGreaterThan(10);
      expect(defaults.filter((column) => /current_|now|datetime\(/i.test(column))).toEqual([]);
    } finally {
      raw.close();
    }
  });

  it("keeps a request's organisation codes as rows in the form's order, and a new attempt replaces them", async () => {
    await recordDecision(db, decided("<first@nhs.net>", { kind: "create", request: request(["A81002", "A81001"]), earlier: null }, FIRST));
    expect(await listRequests(db)).toMatchObject([{ reference: "EP2-AAAA-1111", organisationCode: "A81002,A81001" }]);

    await recordDecision(db, decided("<second@nhs.net>", { kind: "attempt", request: request(["U12345"]), from: "referred" }, LATER));
    expect(await listRequests(db)).toMatchObject([{ organisationCode: "U12345", createdAt: FIRST.toISOString(), updatedAt: LATER.toISOString() }]);
    expect(await db.requestOrganisation.findMany({ where: { code: "A81001" } })).toEqual([]);
    expect(await db.requestOrganisation.findMany({ where: { code: "U12345" }, select: { position: true, request: { select: { reference: true } } } })).toEqual([
      { position: 0, request: { reference: "EP2-AAAA-1111" } },
    ]);
  });

  it("keeps the form's authorisation day as a date at UTC midnight", async () => {
    await recordDecision(db, decided("<form@nhs.net>", { kind: "create", request: request(["A81001"]), earlier: null }, FIRST));
    expect((await db.request.findFirstOrThrow()).authorisationDate).toEqual(new Date("2026-11-20T00:00:00.000Z"));
  });
});
