// Every closed set of the domain both ways through its Prisma enum, and stored as the domain's
// own text (so that raw SQL, earlier rows and the stored values before enums all agree).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLOSED_SETS, StoredValueError, type ClosedSet } from "../../src/records/closed-sets.ts";
import { openDatabase, type Database } from "../../src/records/database.ts";
import * as Stored from "../../src/records/generated/enums.ts";

const ENUM_OF: Record<string, Record<string, string>> = {
  "request status": Stored.RequestStatus,
  outcome: Stored.Outcome,
  "reason code": Stored.ReasonCode,
  "reply kind": Stored.ReplyKind,
  "reply status": Stored.ReplyStatus,
  "pass status": Stored.PassStatus,
  "audit subject type": Stored.AuditSubjectType,
  "organisation type": Stored.OrganisationType,
  "organisation status": Stored.OrganisationStatus,
  "organisation source": Stored.OrganisationSource,
  "directory role": Stored.DirectoryRole,
  "sender evidence path": Stored.SenderEvidencePath,
  "case state": Stored.CaseState,
  "case resolution": Stored.CaseResolution,
};

// Each set taken as one of strings, to walk them all alike (a test of values, not of types).
const sets = CLOSED_SETS.map((set) => [set.name, set as ClosedSet<string, string>] as const);

describe.each(sets)("the %s", (name, set) => {
  const enumValues = Object.values(ENUM_OF[name] ?? {});

  it("has its enum in the schema", () => {
    expect(ENUM_OF[name]).toBeDefined();
  });

  it("stores each domain value as its own enum value and reads it back as itself", () => {
    for (const value of set.values) expect(set.domain(set.stored(value))).toBe(value);
    expect(new Set(set.values.map(set.stored)).size).toBe(set.values.length);
  });

  it("reads every enum value back as a domain value that stores it again", () => {
    expect(enumValues).toHaveLength(set.values.length);
    for (const stored of enumValues) expect(set.stored(set.domain(stored))).toBe(stored);
  });

  it("names each enum value after its domain value, underscores for hyphens", () => {
    for (const value of set.values) expect(set.stored(value)).toBe(value.replaceAll("-", "_"));
  });

  it("refuses a value read back that the domain does not know", () => {
    expect(() => set.domain("retired_value")).toThrow(StoredValueError);
  });
});

describe("the text stored for an enum", () => {
  let dir: string;
  let db: Database;
  const at = new Date("2026-12-06T09:00:00Z");

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "intake-enums-"));
    db = await openDatabase(path.join(dir, "intake.db"));
  });
  afterAll(async () => {
    await db.$disconnect();
    rmSync(dir, { recursive: true, force: true });
  });

  const rawColumn = (sql: string): string[] => {
    const raw = new Sqlite(path.join(dir, "intake.db"), { readonly: true });
    try {
      return raw.prepare<[], { value: string }>(sql).all().map((row) => row.value);
    } finally {
      raw.close();
    }
  };

  it("is the domain's own value, hyphens and all, for every value a column holds", async () => {
    const types = Object.values(Stored.OrganisationType);
    const sources = Object.values(Stored.OrganisationSource);
    await db.organisation.createMany({
      data: types.map((type, i) => ({
        code: `T${String(i).padStart(2, "0")}`,
        name: "Example",
        type,
        status: i % 2 === 0 ? Stored.OrganisationStatus.open : Stored.OrganisationStatus.closed,
        source: sources[i % sources.length]!,
        updatedAt: at,
      })),
    });
    await db.directoryEntry.createMany({
      data: Object.values(Stored.DirectoryRole).map((role) => ({ email: "a@nhs.net", name: "A", role, organisationCode: "T00", validFrom: at, createdAt: at })),
    });
    const message = await db.message.create({ data: { messageId: "<m@nhs.net>", contentHash: "h", mailboxKey: "k", sizeBytes: 1, receivedAt: at } });
    for (const senderProof of Object.values(Stored.SenderEvidencePath)) {
      await db.decision.create({ data: { inboundId: message.id, outcome: Stored.Outcome.accepted, senderProof, decidedAt: at } });
    }
    await db.reply.createMany({
      data: Object.values(Stored.ReplyKind).map((kind, i) => ({
        messageId: `<r${i}@intake>`,
        kind,
        recipient: "a@nhs.net",
        subject: "s",
        text: "t",
        html: "h",
        createdAt: at,
      })),
    });

    expect(rawColumn(`SELECT DISTINCT "type" AS value FROM "Organisation" ORDER BY rowid`)).toEqual(types.map((t) => t.replaceAll("_", "-")));
    expect(rawColumn(`SELECT DISTINCT "source" AS value FROM "Organisation" ORDER BY rowid`)).toEqual(["epraccur-legacy", "epraccur-current", "csv"]);
    expect(rawColumn(`SELECT DISTINCT "status" AS value FROM "Organisation" ORDER BY rowid`)).toEqual(["open", "closed"]);
    expect(rawColumn(`SELECT "role" AS value FROM "DirectoryEntry" ORDER BY id`)).toEqual(Object.values(Stored.DirectoryRole).map((r) => r.replaceAll("_", "-")));
    expect(rawColumn(`SELECT "senderProof" AS value FROM "Decision" ORDER BY id`)).toEqual(["dkim", "authentication-results", "arc", "exchange-organisation", "support-team"]);
    expect(rawColumn(`SELECT "kind" AS value FROM "Reply" ORDER BY id`)).toEqual(Object.values(Stored.ReplyKind).map((k) => k.replaceAll("_", "-")));
    expect(rawColumn(`SELECT DISTINCT "status" AS value FROM "Reply"`)).toEqual(["pending"]);
    await db.case.createMany({
      data: Object.values(Stored.CaseResolution).map((resolution) => ({ state: Stored.CaseState.resolved, resolution, openedAt: at, updatedAt: at, version: 1 })),
    });
    expect(rawColumn(`SELECT "resolution" AS value FROM "Case" ORDER BY id`)).toEqual(Object.values(Stored.CaseResolution).map((r) => r.replaceAll("_", "-")));
  });
});
