// `intake organisations import|list` as a user runs them: a real process, real exit codes.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { legacyFile, plainCsv } from "./organisation-files.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");

let home: string;

function intake(args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", INTAKE_HOME: home, INTAKE_LOG_LEVEL: "error" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
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
  it("imports a legacy epraccur file and prints a summary sentence", () => {
    const file = writeInput("epraccur.csv", legacyFile([{ code: "Z00001" }, { code: "Z00002", setting: "0", status: "D" }]));
    const result = intake(["organisations", "import", file]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("Imported 2 organisations (epraccur, legacy layout): 2 new, 0 updated, 1 newly closed.\n");
  });

  it("imports a plain CSV with --json and a forced --format, then lists by type and code", () => {
    const file = writeInput("icbs.csv", plainCsv(["QHM,TEST ICB,icb,,open", '92G,"TEST SUB-ICB, LOCATION",sub-ICB location,QHM,active']));
    const imported = intake(["organisations", "import", file, "--format", "csv", "--json"]);
    expect(imported.code).toBe(0);
    expect(JSON.parse(imported.stdout)).toEqual({ format: "csv", rows: 2, created: 2, updated: 0, closed: 0 });

    const icbs = intake(["organisations", "list", "--json", "--type", "icb"]);
    expect(icbs.code).toBe(0);
    expect(JSON.parse(icbs.stdout)).toMatchObject([{ code: "QHM", name: "TEST ICB", type: "icb", parentCode: null, status: "open", source: "csv" }]);

    const one = intake(["organisations", "list", "--code", "92g"]);
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^code\s+type\s+status\s+parent\s+name\n92G\s+sub-icb-location\s+open\s+QHM\s+TEST SUB-ICB, LOCATION\n$/);
  });

  // Exit 2 needs main.ts to map OrganisationImportError to EXIT.usage.
  it("rejects a bad file with exit 2, naming each bad line, and changes nothing", () => {
    const before = intake(["organisations", "list", "--json"]).stdout;
    const file = writeInput("bad.csv", plainCsv(["QHM,RENAMED ICB,icb,,closed", "U1234,BAD PCN,pcn,QHM,open", "QHM,TEST ICB,ICB,,open"]));
    const result = intake(["organisations", "import", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bad\.csv was not imported, nothing was changed \(2 problems\)/);
    expect(result.stderr).toMatch(/line 3: code "U1234" is not a valid pcn code/);
    expect(result.stderr).toMatch(/line 4: code QHM is also on line 2/);
    expect(intake(["organisations", "list", "--json"]).stdout).toBe(before);
  });

  it("an unknown --format or --type is bad usage (exit 2)", () => {
    expect(intake(["organisations", "import", "x.csv", "--format", "xlsx"]).code).toBe(2);
    expect(intake(["organisations", "list", "--type", "hospital"]).code).toBe(2);
  });

  it("a file that cannot be read is a failure (exit 1)", () => {
    const result = intake(["organisations", "import", path.join(home, "missing.csv")]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read .*missing\.csv/);
  });
});
