// `intake authorisers` and `intake domains` as a user runs them: a real process, real exit
// codes, real files and database. Commands that cannot touch what another test looks at run
// at the same time (it.concurrent); the organisations every test needs are loaded, and what
// "nothing changed" compares is read, straight from the records, not through the command.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readOrganisations } from "../../src/organisations/read-organisations.ts";
import type { Database } from "../../src/records/database.ts";
import { listDirectoryEntries } from "../../src/records/directory.ts";
import { listOrganisationDomains } from "../../src/records/domains.ts";
import { importOrganisations } from "../../src/records/organisations.ts";
import { runIntakeAsync } from "../support/workspace.ts";
import { createDirectoryWorkspace, DIRECTORY_TEST_ORGANISATIONS, type DirectoryWorkspace } from "./directory-workspace.ts";

let ws: DirectoryWorkspace;

const intake = (...args: string[]) => runIntakeAsync(args, { INTAKE_HOME: ws.home, INTAKE_LOG_LEVEL: "error" });

const listJson = async (...args: string[]): Promise<unknown> => JSON.parse((await intake(...args, "--json")).stdout);

async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
  const db = await ws.open();
  try {
    return await work(db);
  } finally {
    await db.$disconnect();
  }
}

/** Every directory entry, as stored. */
const storedEntries = () => withDb((db) => listDirectoryEntries(db));

beforeAll(async () => {
  ws = createDirectoryWorkspace();
  await withDb((db) => importOrganisations(db, readOrganisations(DIRECTORY_TEST_ORGANISATIONS), new Date()));
});
afterAll(() => ws.remove());

describe("intake authorisers", () => {
  it.concurrent.each([["authorisers", "import"], ["authorisers", "add"], ["authorisers", "remove"], ["authorisers", "list"], ["domains", "add"], ["domains", "remove"], ["domains", "list"]])(
    "%s %s --help prints help and exits 0",
    async (...command) => {
      const result = await intake(...command, "--help");
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Usage: intake/);
    },
  );

  it.concurrent("a missing file is bad input (exit 2)", async () => {
    const result = await intake("authorisers", "import", path.join(ws.home, "nowhere.csv"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read .*nowhere\.csv: ENOENT/);
  });

  it.concurrent("add without --from starts today", async () => {
    const result = await intake("authorisers", "add", "--email", "today@nhs.net", "--name", "T", "--role", "gp", "--organisation", "A81001", "--json");
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as { entry: { validFrom: string } }).entry.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it.concurrent("add with bad values exits 2 naming each", async () => {
    const result = await intake("authorisers", "add", "--email", "nobody", "--name", "N", "--role", "Director of Finance", "--organisation", "A81001", "--from", "2025-02-30");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/email "nobody" is not a plausible address; role "Director of Finance" could be .*; --from "2025-02-30" is not a date/);
  });

  it.concurrent("add without a required option is bad usage (exit 2)", async () => {
    expect((await intake("authorisers", "add", "--email", "a@nhs.net")).code).toBe(2);
  });

  // From here on, one at a time: each reads what the one before wrote.
  it("imports a file with a BOM, CRLF and quoted fields, then lists it", async () => {
    const file = ws.file(
      "register.csv",
      "\uFEFFemail,name,role,organisation_code,valid_from,valid_to\r\n" +
        'Carol.Guardian@NHS.net,"Guardian, Carol",Caldicott Guardian,rxx,01/04/2024,\r\n' +
        "bob@nhs.net,Dr Bob,gp,A81001,2024-01-01,2024-12-31\r\n",
    );
    const result = await intake("authorisers", "import", file);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 entries read; 2 added, 0 updated, 0 unchanged/);
    const [rxx, table] = await Promise.all([listJson("authorisers", "list", "--organisation", "RXX"), intake("authorisers", "list")]);
    expect(rxx).toEqual([
      { email: "carol.guardian@nhs.net", name: "Guardian, Carol", role: "caldicott-guardian", organisationCode: "RXX", validFrom: "2024-04-01", validTo: null },
    ]);
    expect(table.stdout).toMatch(/^email +name +role +organisation +from +to\n.*bob@nhs\.net +Dr Bob +gp +A81001 +2024-01-01 +2024-12-31/m);
  });

  it("a bad file exits 2 with each bad line, and the directory is as it was", async () => {
    const before = await storedEntries();
    const file = ws.csv("bad.csv", ["bob@nhs.net,Dr Bob,gp,A81001,2024-01-01,", "bob@,Dr Bob,Director of Finance,A81001,2024-01-01,", "x@nhs.net,X,gp,A81001,2024-05-01,2024-04-30"]);
    const result = await intake("authorisers", "import", file, "--json");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("bad.csv was not imported (nothing was changed): 2 bad lines");
    expect(result.stderr).toMatch(/line 3: email "bob@" is not a plausible address; role "Director of Finance" could be .*; write the role id instead/);
    expect(result.stderr).toContain("line 4: valid_to 2024-04-30 is before valid_from 2024-05-01");
    expect(await storedEntries()).toEqual(before);
  });

  it("adds one entry, then updates it when added again with an end date", async () => {
    const add = ["authorisers", "add", "--email", "Nina@NHS.net", "--name", "Nina", "--role", "nominated authoriser", "--organisation", "qhm", "--from", "2025-01-01"];
    expect(JSON.parse((await intake(...add, "--json")).stdout)).toEqual({
      result: "added",
      entry: { email: "nina@nhs.net", name: "Nina", role: "nominated-authoriser", organisationCode: "QHM", validFrom: "2025-01-01", validTo: null },
    });
    const update = await intake(...add, "--to", "2025-12-31");
    expect(update.code).toBe(0);
    expect(update.stdout).toBe("updated: nina@nhs.net (Nina), nominated-authoriser for QHM, 2025-01-01 to 2025-12-31.\n");
  });

  it("an entry for an organisation not loaded is refused with exit 2, and nothing of the file is written", async () => {
    const before = await storedEntries();
    const file = ws.csv("unloaded.csv", ["fresh@nhs.net,Fresh,gp,A81001,2024-01-01,", "far@nhs.net,Far,gp,Y99999,2024-01-01,"]);
    const [imported, added] = await Promise.all([
      intake("authorisers", "import", file),
      intake("authorisers", "add", "--email", "far@nhs.net", "--name", "Far", "--role", "gp", "--organisation", "Y99999"),
    ]);
    expect(imported.code).toBe(2);
    expect(imported.stderr).toBe("intake: nothing was written: organisation Y99999 is not loaded; import the organisations first (intake organisations import FILE)\n");
    expect(added.code).toBe(2);
    expect(added.stderr).toMatch(/organisation Y99999 is not loaded; import the organisations first/);
    expect(await storedEntries()).toEqual(before);
  });

  it("removes the matching entries and says how many; none matching is exit 1", async () => {
    const removed = await intake("authorisers", "remove", "--email", "BOB@nhs.net", "--organisation", "a81001", "--role", "gp");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toBe("Removed 1 entry for bob@nhs.net, organisation A81001, role gp.\n");
    const [again, listed] = await Promise.all([intake("authorisers", "remove", "--email", "bob@nhs.net"), listJson("authorisers", "list", "--email", "bob@nhs.net")]);
    expect(again.code).toBe(1);
    expect(again.stderr).toBe("intake: no directory entries match bob@nhs.net; nothing removed\n");
    expect(listed).toEqual([]);
  });
});

describe("intake domains", () => {
  it.concurrent("a domain for an organisation not loaded is refused with exit 2", async () => {
    const result = await intake("domains", "add", "Y99999", "example-surgery.co.uk");
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("intake: nothing was written: organisation Y99999 is not loaded; import the organisations first (intake organisations import FILE)\n");
    expect(await withDb((db) => listOrganisationDomains(db, "Y99999"))).toEqual([]);
  });

  it.concurrent("removing a domain that is not registered is exit 1", async () => {
    const result = await intake("domains", "remove", "A81001", "nowhere.example");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("intake: nowhere.example is not registered for A81001; nothing removed\n");
  });

  it.concurrent.each([
    ["nhs.net", /nhs\.net is accepted for every organisation already/],
    ["gmail.com", /gmail\.com is a public mail service/],
    ["not a domain", /domain "not a domain" is not a plausible mail domain/],
  ])("refuses %s with exit 2", async (domain, message) => {
    const result = await intake("domains", "add", "A81001", domain);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it.concurrent("refuses a malformed organisation code with exit 2", async () => {
    const result = await intake("domains", "add", "A!", "example.org");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/organisation code "A!" is not 3 to 8 letters and digits/);
  });

  it("adds an internationalised domain in its ASCII form, lists it, and removes it", async () => {
    const add = await intake("domains", "add", "a81001", "Bücher.Example");
    expect(add.code).toBe(0);
    expect(add.stdout).toBe("Registered xn--bcher-kva.example (bücher.example) for A81001.\n");
    const [again, other] = await Promise.all([intake("domains", "add", "A81001", "xn--bcher-kva.example"), intake("domains", "add", "U12345", "example-pcn.org.uk")]);
    expect(again.stdout).toMatch(/was already registered for A81001/);
    expect(other.code).toBe(0);

    const [a81001, table] = await Promise.all([listJson("domains", "list", "A81001"), intake("domains", "list")]);
    expect(a81001).toEqual([{ organisationCode: "A81001", domain: "xn--bcher-kva.example", addedAt: expect.any(String) as unknown }]);
    expect(table.stdout).toMatch(/A81001 +xn--bcher-kva\.example \(bücher\.example\)[\s\S]*U12345 +example-pcn\.org\.uk/);

    const remove = await intake("domains", "remove", "A81001", "bücher.example", "--json");
    expect(remove.code).toBe(0);
    expect(JSON.parse(remove.stdout)).toEqual({ organisationCode: "A81001", domain: "xn--bcher-kva.example", removed: true });
    expect(await withDb((db) => listOrganisationDomains(db, "A81001"))).toEqual([]);
  });
});
