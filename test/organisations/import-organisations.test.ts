// Importing into a real SQLite database: upsert by code in one transaction, never a delete,
// and a bad file leaves the table exactly as it was.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { OrganisationImportError } from "../../src/organisations/import-problems.ts";
import type { Organisation } from "../../src/organisations/organisation-types.ts";
import { readOrganisations } from "../../src/organisations/read-organisations.ts";
import { openDatabase, type Database } from "../../src/records/database.ts";
import { findOrganisations, importOrganisations, listOrganisations } from "../../src/records/organisations.ts";
import { currentFile, generatedLegacyFile, legacyFile, plainCsv } from "./organisation-files.ts";

let dir: string;
let db: Database;

beforeEach(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "intake-organisations-"));
  db = await openDatabase(path.join(dir, "intake.db"));
});
afterEach(async () => {
  await db.$disconnect();
  rmSync(dir, { recursive: true, force: true });
});

const IMPORTED_AT = new Date("2026-12-06T09:00:00Z");
const importText = async (content: string) => importOrganisations(db, readOrganisations(content), IMPORTED_AT);

describe("importing organisations", () => {
  it("creates every organisation in the file, recording the layout it came from", async () => {
    const summary = await importText(legacyFile([{ code: "Z00001" }, { code: "Z00002", setting: "0", status: "C" }]));
    expect(summary).toEqual({ format: "epraccur-legacy", rows: 2, created: 2, updated: 0, closed: 1 });
    expect(await listOrganisations(db)).toMatchObject([
      { code: "Z00001", type: "gp-practice", status: "open", parentCode: "00X", source: "epraccur-legacy" },
      { code: "Z00002", type: "prescribing-cost-centre", status: "closed", source: "epraccur-legacy" },
    ]);
  });

  it("stamps what it writes with the time it is given, never the database's clock", async () => {
    await importText(plainCsv(["QHM,TEST ICB,icb,,open"]));
    expect(await listOrganisations(db)).toMatchObject([{ code: "QHM", updatedAt: "2026-12-06T09:00:00.000Z" }]);
  });

  it("updates in place on re-import, closes what the file closes, and deletes nothing", async () => {
    await importText(legacyFile([{ code: "Z00001" }, { code: "Z00002" }, { code: "Z00003" }]));
    const summary = await importText(
      legacyFile([{ code: "Z00001", name: "RENAMED PRACTICE" }, { code: "Z00002", status: "C" }, { code: "Z00004" }]),
    );
    expect(summary).toEqual({ format: "epraccur-legacy", rows: 3, created: 1, updated: 2, closed: 1 });
    const listed = await listOrganisations(db);
    expect(listed.map((o) => [o.code, o.name, o.status])).toEqual([
      ["Z00001", "RENAMED PRACTICE", "open"],
      ["Z00002", "TEST PRACTICE Z00002", "closed"],
      // Not in the second file: kept as it was.
      ["Z00003", "TEST PRACTICE Z00003", "open"],
      ["Z00004", "TEST PRACTICE Z00004", "open"],
    ]);
  });

  it("counts nothing as updated or closed when the same file is imported again", async () => {
    const content = currentFile([{ code: "Z10001" }, { code: "Z10002", status: "INACTIVE" }]);
    await importText(content);
    expect(await importText(content)).toEqual({ format: "epraccur-current", rows: 2, created: 0, updated: 0, closed: 0 });
  });

  it("moves an organisation to the layout of the latest file it was in", async () => {
    await importText(legacyFile([{ code: "Z00001" }]));
    expect(await importText(currentFile([{ code: "Z00001" }]))).toMatchObject({ updated: 1 });
    expect((await listOrganisations(db))[0]?.source).toBe("epraccur-current");
  });

  it("keeps the earlier data intact when a file is rejected", async () => {
    await importText(plainCsv(["QHM,TEST ICB,icb,,open", "92G,TEST SUB-ICB LOCATION,sub-icb-location,QHM,open"]));
    const before = await listOrganisations(db);
    const bad = plainCsv([
      "QHM,TEST ICB,icb,,closed",
      "92G,RENAMED,sub-icb-location,QHM,open",
      "U1234,BAD PCN,pcn,92G,open",
      "U12345,NEW PCN,pcn,92G,open",
      "QHM,TEST ICB,icb,,open",
    ]);
    await expect(importText(bad)).rejects.toThrow(OrganisationImportError);
    expect(await listOrganisations(db)).toEqual(before);
  });

  it("writes nothing when the database fails part-way through the file", async () => {
    await importText(plainCsv(["QHM,TEST ICB,icb,,open"]));
    const before = await listOrganisations(db);
    const organisations: Organisation[] = Array.from({ length: 600 }, (_, i) => ({
      code: `Z${String(i).padStart(5, "0")}`,
      name: "X",
      type: "gp-practice",
      parentCode: null,
      status: "open",
    }));
    organisations.push({ code: "QHM", name: "RENAMED", type: "gp-practice", parentCode: null, status: "closed" });
    // The reader never lets an empty name through; here it fails the second batch after the first was written.
    organisations.push({ code: "Z99999", name: null as unknown as string, type: "gp-practice", parentCode: null, status: "open" });
    await expect(importOrganisations(db, { format: "csv", organisations }, IMPORTED_AT)).rejects.toThrow();
    expect(await listOrganisations(db)).toEqual(before);
  });

  it(`imports a generated 12,000-row legacy epraccur file, then re-imports it with every row changed`, async () => {
    const first = generatedLegacyFile(12_000);
    let started = performance.now();
    const created = await importText(first);
    const firstMs = performance.now() - started;
    expect(created).toEqual({ format: "epraccur-legacy", rows: 12_000, created: 12_000, updated: 0, closed: 0 });

    started = performance.now();
    const closed = await importText(generatedLegacyFile(12_000, { status: "C", commissioner: "D4U1Y" }));
    const secondMs = performance.now() - started;
    expect(closed).toEqual({ format: "epraccur-legacy", rows: 12_000, created: 0, updated: 12_000, closed: 12_000 });
    expect(await db.organisation.count({ where: { status: "closed", parentCode: "D4U1Y" } })).toBe(12_000);
    console.log(`12,000-row legacy epraccur file (read + write): first import ${firstMs.toFixed(0)} ms, re-import with every row changed ${secondMs.toFixed(0)} ms`);
  });
});

describe("finding organisations for a form", () => {
  it("returns the known codes by upper-case code, open and closed, and leaves out unknown ones", async () => {
    await importText(plainCsv(["QHM,TEST ICB,icb,,open", "U12345,TEST PCN,pcn,QHM,closed"]));
    const found = await findOrganisations(db, ["qhm", " U12345 ", "U99999", "QHM"]);
    expect([...found.keys()].sort()).toEqual(["QHM", "U12345"]);
    expect(found.get("U12345")).toEqual({ code: "U12345", name: "TEST PCN", type: "pcn", parentCode: "QHM", status: "closed" });
  });

  it("returns an empty map for no codes", async () => {
    expect(await findOrganisations(db, [])).toEqual(new Map());
  });
});

describe("listing organisations", () => {
  it("filters by type and by code", async () => {
    await importText(plainCsv(["QHM,TEST ICB,icb,,open", "92G,TEST SUB-ICB LOCATION,sub-icb-location,QHM,open", "QHN,OTHER ICB,icb,,open"]));
    expect((await listOrganisations(db, { type: "icb" })).map((o) => o.code)).toEqual(["QHM", "QHN"]);
    expect((await listOrganisations(db, { code: "92g" })).map((o) => o.code)).toEqual(["92G"]);
  });
});
