// `intake organisations import|list` as a user runs them: a real process, real exit codes.
// Commands that change nothing run at the same time as the first import (it.concurrent).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/config.ts";
import { openDatabase } from "../../src/records/database.ts";
import { listOrganisations } from "../../src/records/organisations.ts";
import { runIntakeAsync } from "../support/workspace.ts";
import { legacyFile, plainCsv } from "./organisation-files.ts";

let home: string;

const intake = (args: string[]) => runIntakeAsync(args, { INTAKE_HOME: home, INTAKE_LOG_LEVEL: "error" });

/** Every organisation, as stored. */
async function storedOrganisations() {
  const db = await openDatabase(loadConfig({ INTAKE_HOME: home }).databasePath);
  try {
    return await listOrganisations(db);
  } finally {
    await db.$disconnect();
  }
}

function writeInput(name: string, content: string): string {
  const file = path.join(home, name);
  writeFileSync(file, content);
  return file;
}

beforeAll(() => {
  home = mkdtempSync(path.join(os.tmpdir(), "intake-organisations-cli-"));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("intake organisations", () => {
  it.concurrent("imports a legacy epraccur file and prints a summary sentence", async () => {
    const file = writeInput("epraccur.csv", legacyFile([{ code: "Z00001" }, { code: "Z00002", setting: "0", status: "D" }]));
    const result = await intake(["organisations", "import", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Imported 2 organisations (epraccur, legacy layout): 2 new, 0 updated, 1 newly closed.\n");
  });

  it.concurrent("an unknown --format or --type is bad usage (exit 2)", async () => {
    const [format, type] = await Promise.all([intake(["organisations", "import", "x.csv", "--format", "xlsx"]), intake(["organisations", "list", "--type", "hospital"])]);
    expect(format.code).toBe(2);
    expect(type.code).toBe(2);
  });

  it.concurrent("a file that cannot be read is a failure (exit 1)", async () => {
    const result = await intake(["organisations", "import", path.join(home, "missing.csv")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read .*missing\.csv/);
  });

  it("imports a plain CSV with --json and a forced --format, then lists by type and code", async () => {
    const file = writeInput("icbs.csv", plainCsv(["QHM,TEST ICB,icb,,open", '92G,"TEST SUB-ICB, LOCATION",sub-ICB location,QHM,active']));
    const imported = await intake(["organisations", "import", file, "--format", "csv", "--json"]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ format: "csv", rows: 2, created: 2, updated: 0, closed: 0 });

    const [icbs, one] = await Promise.all([intake(["organisations", "list", "--json", "--type", "icb"]), intake(["organisations", "list", "--code", "92g"])]);
    expect(icbs.code).toBe(0);
    expect(JSON.parse(icbs.stdout)).toMatchObject([{ code: "QHM", name: "TEST ICB", type: "icb", parentCode: null, status: "open", source: "csv" }]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^code\s+type\s+status\s+parent\s+name\n92G\s+sub-icb-location\s+open\s+QHM\s+TEST SUB-ICB, LOCATION\n$/);
  });

  // Exit 2 needs main.ts to map OrganisationImportError to EXIT.usage.
  it("rejects a bad file with exit 2, naming each bad line, and changes nothing", async () => {
    const before = await storedOrganisations();
    const file = writeInput("bad.csv", plainCsv(["QHM,RENAMED ICB,icb,,closed", "U1234,BAD PCN,pcn,QHM,open", "QHM,TEST ICB,ICB,,open"]));
    const result = await intake(["organisations", "import", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.csv was not imported, nothing was changed \(2 problems\)/);
    expect(result.stderr).toMatch(/line 3: code "U1234" is not a valid pcn code/);
    expect(result.stderr).toMatch(/line 4: code QHM is also on line 2/);
    expect(await storedOrganisations()).toEqual(before);
  });
});
