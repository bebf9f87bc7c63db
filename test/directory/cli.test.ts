// `intake authorisers` and `intake domains` as a user runs them: a real process, real exit
// codes, real files and database.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDirectoryWorkspace, type DirectoryWorkspace } from "./directory-workspace.ts";

const BIN = path.resolve(import.meta.dirname, "../../bin/intake.js");

let ws: DirectoryWorkspace;

function intake(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", INTAKE_HOME: ws.home, INTAKE_LOG_LEVEL: "error" },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const listJson = (...args: string[]): unknown => JSON.parse(intake(...args, "--json").stdout);

beforeAll(() => {
  ws = createDirectoryWorkspace();
  expect(intake("organisations", "import", ws.organisationsFile()).code).toBe(0);
});
afterAll(() => ws.remove());

describe("intake authorisers", () => {
  it.each([["authorisers", "import"], ["authorisers", "add"], ["authorisers", "remove"], ["authorisers", "list"], ["domains", "add"], ["domains", "remove"], ["domains", "list"]])(
    "%s %s --help prints help and exits 0",
    (...command) => {
      const result = intake(...command, "--help");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: intake/);
    },
  );

  it("imports a file with a BOM, CRLF and quoted fields, then lists it", () => {
    const file = ws.file(
      "register.csv",
      "\uFEFFemail,name,role,organisation_code,valid_from,valid_to\r\n" +
        'Carol.Guardian@NHS.net,"Guardian, Carol",Caldicott Guardian,rxx,01/04/2024,\r\n' +
        "bob@nhs.net,Dr Bob,gp,A81001,2024-01-01,2024-12-31\r\n",
    );
    const result = intake("authorisers", "import", file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 entries read; 2 added, 0 updated, 0 unchanged/);
    expect(listJson("authorisers", "list", "--organisation", "RXX")).toEqual([
      { email: "carol.guardian@nhs.net", name: "Guardian, Carol", role: "caldicott-guardian", organisationCode: "RXX", validFrom: "2024-04-01", validTo: null },
    ]);
    expect(intake("authorisers", "list").stdout).toMatch(/^email +name +role +organisation +from +to\n.*bob@nhs\.net +Dr Bob +gp +A81001 +2024-01-01 +2024-12-31/m);
  });

  it("a bad file exits 2 with each bad line, and the directory is as it was", () => {
    const before = listJson("authorisers", "list");
    const file = ws.csv("bad.csv", ["bob@nhs.net,Dr Bob,gp,A81001,2024-01-01,", "bob@,Dr Bob,Director of Finance,A81001,2024-01-01,", "x@nhs.net,X,gp,A81001,2024-05-01,2024-04-30"]);
    const result = intake("authorisers", "import", file, "--json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("bad.csv was not imported (nothing was changed): 2 bad lines");
    expect(result.stderr).toMatch(/line 3: email "bob@" is not a plausible address; role "Director of Finance" could be .*; write the role id instead/);
    expect(result.stderr).toContain("line 4: valid_to 2024-04-30 is before valid_from 2024-05-01");
    expect(listJson("authorisers", "list")).toEqual(before);
  });

  it("a missing file is bad input (exit 2)", () => {
    const result = intake("authorisers", "import", path.join(ws.home, "nowhere.csv"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*nowhere\.csv: ENOENT/);
  });

  it("adds one entry, then updates it when added again with an end date", () => {
    const add = ["authorisers", "add", "--email", "Nina@NHS.net", "--name", "Nina", "--role", "nominated authoriser", "--organisation", "qhm", "--from", "2025-01-01"];
    expect(JSON.parse(intake(...add, "--json").stdout)).toEqual({
      result: "added",
      entry: { email: "nina@nhs.net", name: "Nina", role: "nominated-authoriser", organisationCode: "QHM", validFrom: "2025-01-01", validTo: null },
    });
    const update = intake(...add, "--to", "2025-12-31");
    expect(update.code).toBe(0);
    expect(update.stdout).toBe("updated: nina@nhs.net (Nina), nominated-authoriser for QHM, 2025-01-01 to 2025-12-31.\n");
  });

  it("add without --from starts today", () => {
    const result = intake("authorisers", "add", "--email", "today@nhs.net", "--name", "T", "--role", "gp", "--organisation", "A81001", "--json");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { entry: { validFrom: string } }).entry.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("add with bad values exits 2 naming each", () => {
    const result = intake("authorisers", "add", "--email", "nobody", "--name", "N", "--role", "Director of Finance", "--organisation", "A81001", "--from", "2025-02-30");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/email "nobody" is not a plausible address; role "Director of Finance" could be .*; --from "2025-02-30" is not a date/);
  });

  it("an entry for an organisation not loaded is refused with exit 2, and nothing of the file is written", () => {
    const before = listJson("authorisers", "list");
    const file = ws.csv("unloaded.csv", ["fresh@nhs.net,Fresh,gp,A81001,2024-01-01,", "far@nhs.net,Far,gp,Y99999,2024-01-01,"]);
    const imported = intake("authorisers", "import", file);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe("intake: nothing was written: organisation Y99999 is not loaded; import the organisations first (intake organisations import FILE)\n");
    const added = intake("authorisers", "add", "--email", "far@nhs.net", "--name", "Far", "--role", "gp", "--organisation", "Y99999");
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/organisation Y99999 is not loaded; import the organisations first/);
    expect(listJson("authorisers", "list")).toEqual(before);
  });

  it("add without a required option is bad usage (exit 2)", () => {
    expect(intake("authorisers", "add", "--email", "a@nhs.net").code).toBe(2);
  });

  it("removes the matching entries and says how many; none matching is exit 1", () => {
    const removed = intake("authorisers", "remove", "--email", "BOB@nhs.net", "--organisation", "a81001", "--role", "gp");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe("Removed 1 entry for bob@nhs.net, organisation A81001, role gp.\n");
    const again = intake("authorisers", "remove", "--email", "bob@nhs.net");
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("intake: no directory entries match bob@nhs.net; nothing removed\n");
    expect(listJson("authorisers", "list", "--email", "bob@nhs.net")).toEqual([]);
  });
});

describe("intake domains", () => {
  it("adds an internationalised domain in its ASCII form, lists it, and removes it", () => {
    const add = intake("domains", "add", "a81001", "Bücher.Example");
    expect(add.code).toBe(0);
    expect(add.stdout).toBe("Registered xn--bcher-kva.example (bücher.example) for A81001.\n");
    expect(intake("domains", "add", "A81001", "xn--bcher-kva.example").stdout).toMatch(/was already registered for A81001/);
    expect(intake("domains", "add", "U12345", "example-pcn.org.uk").code).toBe(0);

    expect(listJson("domains", "list", "A81001")).toEqual([{ organisationCode: "A81001", domain: "xn--bcher-kva.example", addedAt: expect.any(String) as unknown }]);
    expect(intake("domains", "list").stdout).toMatch(/A81001 +xn--bcher-kva\.example \(bücher\.example\)[\s\S]*U12345 +example-pcn\.org\.uk/);

    const remove = intake("domains", "remove", "A81001", "bücher.example", "--json");
    expect(remove.code).toBe(0);
    expect(JSON.parse(remove.stdout)).toEqual({ organisationCode: "A81001", domain: "xn--bcher-kva.example", removed: true });
    expect(listJson("domains", "list", "A81001")).toEqual([]);
  });

  it("a domain for an organisation not loaded is refused with exit 2", () => {
    const result = intake("domains", "add", "Y99999", "example-surgery.co.uk");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("intake: nothing was written: organisation Y99999 is not loaded; import the organisations first (intake organisations import FILE)\n");
    expect(listJson("domains", "list", "Y99999")).toEqual([]);
  });

  it("removing a domain that is not registered is exit 1", () => {
    const result = intake("domains", "remove", "A81001", "nowhere.example");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("intake: nowhere.example is not registered for A81001; nothing removed\n");
  });

  it.each([
    ["nhs.net", /nhs\.net is accepted for every organisation already/],
    ["gmail.com", /gmail\.com is a public mail service/],
    ["not a domain", /domain "not a domain" is not a plausible mail domain/],
  ])("refuses %s with exit 2", (domain, message) => {
    const result = intake("domains", "add", "A81001", domain);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it("refuses a malformed organisation code with exit 2", () => {
    const result = intake("domains", "add", "A!", "example.org");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/organisation code "A!" is not 3 to 8 letters and digits/);
  });
});
