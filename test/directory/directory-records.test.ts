// The directory against a real SQLite database, from real files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryImportError, OrganisationsNotLoadedError } from "../../src/directory/directory-errors.ts";
import { readOrganisations } from "../../src/organisations/read-organisations.ts";
import { readDirectoryFile } from "../../src/directory/read-directory-file.ts";
import { addOrganisationDomain, findOrganisationDomains, listOrganisationDomains, removeOrganisationDomain } from "../../src/records/domains.ts";
import type { Database } from "../../src/records/database.ts";
import { findDirectoryEntries, listDirectoryEntries, removeDirectoryEntries, saveDirectoryEntries } from "../../src/records/directory.ts";
import { importOrganisations } from "../../src/records/organisations.ts";
import { createDirectoryWorkspace, DIRECTORY_TEST_ORGANISATIONS, type DirectoryWorkspace } from "./directory-workspace.ts";

let ws: DirectoryWorkspace;
let db: Database;
const NOW = new Date("2026-12-06T09:00:00Z");

beforeAll(async () => {
  ws = createDirectoryWorkspace();
  db = await ws.open();
  await importOrganisations(db, readOrganisations(DIRECTORY_TEST_ORGANISATIONS), NOW);
});
afterAll(async () => {
  await db.$disconnect();
  ws.remove();
});

const importFile = async (file: string) => saveDirectoryEntries(db, readDirectoryFile(file), NOW);

describe("authoriser directory records", () => {
  it("imports a valid file, and finds an address's entries", async () => {
    const file = ws.csv("register.csv", [
      "cg@nhs.net,Carol Guardian,Caldicott Guardian,RXX,2024-04-01,",
      "Bob@NHS.net,Dr Bob,gp,A81001,2024-01-01,",
      "bob@nhs.net,Dr Bob,gp,A81002,2024-01-01,2024-06-30",
    ]);
    expect(await importFile(file)).toEqual({ added: 3, updated: 0, unchanged: 0 });
    expect(await findDirectoryEntries(db, "BOB@nhs.net")).toEqual([
      { email: "bob@nhs.net", name: "Dr Bob", role: "gp", organisationCode: "A81001", validFrom: "2024-01-01", validTo: null },
      { email: "bob@nhs.net", name: "Dr Bob", role: "gp", organisationCode: "A81002", validFrom: "2024-01-01", validTo: "2024-06-30" },
    ]);
  });

  it("re-importing updates name and valid_to in place, and deletes nothing", async () => {
    const file = ws.csv("register-2.csv", [
      "cg@nhs.net,Carol Guardian,caldicott-guardian,RXX,2024-04-01,2025-03-31",
      "bob@nhs.net,Dr Robert Smith,gp,A81001,2024-01-01,",
      "new@nhs.net,New Person,nominated-authoriser,RXX,2025-04-01,",
    ]);
    expect(await importFile(file)).toEqual({ added: 1, updated: 2, unchanged: 0 });
    expect(await findDirectoryEntries(db, "cg@nhs.net")).toMatchObject([{ validTo: "2025-03-31" }]);
    expect(await findDirectoryEntries(db, "bob@nhs.net")).toMatchObject([{ name: "Dr Robert Smith" }, { organisationCode: "A81002" }]);
    expect(await importFile(file)).toEqual({ added: 0, updated: 0, unchanged: 3 });
  });

  it("a bad file changes nothing, not even its good lines", async () => {
    const before = await listDirectoryEntries(db);
    const file = ws.csv("bad.csv", ["good@nhs.net,Good,gp,A81001,2024-01-01,", "cg@nhs.net,Carol,caldicott-guardian,RXX,2024-04-01,", "bad-address,X,gp,A81001,2024-01-01,"]);
    await expect(importFile(file)).rejects.toThrow(DirectoryImportError);
    expect(await listDirectoryEntries(db)).toEqual(before);
  });

  it("the writing is one transaction: a failure part-way undoes the updates before it", async () => {
    const before = await listDirectoryEntries(db);
    const twice = { email: "twice@nhs.net", name: "Twice", role: "gp", organisationCode: "A81001", validFrom: "2024-01-01", validTo: null } as const;
    const ended = { email: "bob@nhs.net", name: "Dr Robert Smith", role: "gp", organisationCode: "A81001", validFrom: "2024-01-01", validTo: "2025-01-31" } as const;
    // The file reader refuses a repeated entry; given straight to the store it breaks the unique key.
    await expect(saveDirectoryEntries(db, [ended, twice, twice], NOW)).rejects.toThrow();
    expect(await listDirectoryEntries(db)).toEqual(before);
  });

  it("a file that cannot be read is reported as bad input", () => {
    expect(() => readDirectoryFile(`${ws.home}/missing.csv`)).toThrow(/cannot read .*missing\.csv: ENOENT/);
  });

  it("lists by organisation or address", async () => {
    expect((await listDirectoryEntries(db, { organisationCode: "RXX" })).map((e) => e.email)).toEqual(["cg@nhs.net", "new@nhs.net"]);
    expect((await listDirectoryEntries(db, { email: "bob@nhs.net" })).map((e) => e.organisationCode)).toEqual(["A81001", "A81002"]);
  });

  it("removes the matching entries of one address and says how many", async () => {
    await saveDirectoryEntries(db, [
      { email: "two@nhs.net", name: "Two", role: "gp", organisationCode: "A81001", validFrom: "2024-01-01", validTo: null },
      { email: "two@nhs.net", name: "Two", role: "caldicott-guardian", organisationCode: "RYY", validFrom: "2024-01-01", validTo: null },
      { email: "two@nhs.net", name: "Two", role: "nominated-authoriser", organisationCode: "RYY", validFrom: "2024-01-01", validTo: null },
    ], NOW);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net", organisationCode: "RYY", role: "caldicott-guardian" })).toBe(1);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net", organisationCode: "RZZ" })).toBe(0);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net" })).toBe(2);
    expect(await findDirectoryEntries(db, "two@nhs.net")).toEqual([]);
  });

  it("a stored row with a role the code does not know is an error, not a silent skip", async () => {
    await db.$executeRaw`INSERT INTO "DirectoryEntry" ("email", "name", "role", "organisationCode", "validFrom", "createdAt")
      VALUES ('odd@nhs.net', 'Odd', 'practice-manager', 'A81001', ${new Date("2024-01-01T00:00:00Z")}, ${NOW})`;
    try {
      await expect(findDirectoryEntries(db, "odd@nhs.net")).rejects.toThrow(/'practice-manager' not found in enum 'DirectoryRole'/);
    } finally {
      await db.$executeRaw`DELETE FROM "DirectoryEntry" WHERE "email" = 'odd@nhs.net'`;
    }
  });

  it("keeps days as dates at UTC midnight, and reads them back as the same days", async () => {
    const rows = await db.$queryRaw<{ validFrom: string; validTo: string | null }[]>`
      SELECT "validFrom" || '' AS "validFrom", "validTo" || '' AS "validTo" FROM "DirectoryEntry" WHERE "email" = 'cg@nhs.net'`;
    expect(rows).toEqual([{ validFrom: "2024-04-01T00:00:00.000+00:00", validTo: "2025-03-31T00:00:00.000+00:00" }]);
    expect(await findDirectoryEntries(db, "cg@nhs.net")).toMatchObject([{ validFrom: "2024-04-01", validTo: "2025-03-31" }]);
  });

  it("refuses entries for an organisation not loaded, and writes none of the others", async () => {
    const before = await listDirectoryEntries(db);
    const entry = { email: "far@nhs.net", name: "Far", role: "gp", validFrom: "2024-01-01", validTo: null } as const;
    const saving = saveDirectoryEntries(db, [{ ...entry, organisationCode: "A81001" }, { ...entry, organisationCode: "Y99999" }], NOW);
    await expect(saving).rejects.toThrow(OrganisationsNotLoadedError);
    await expect(saving).rejects.toMatchObject({ codes: ["Y99999"] });
    expect(await listDirectoryEntries(db)).toEqual(before);
  });
});

describe("organisation domain records", () => {
  it("adds a domain once, lists it, and finds it for any of several codes", async () => {
    expect(await addOrganisationDomain(db, "A81001", "example-surgery.co.uk", NOW)).toBe(true);
    expect(await addOrganisationDomain(db, "A81001", "example-surgery.co.uk", NOW)).toBe(false);
    expect(await addOrganisationDomain(db, "U12345", "example-surgery.co.uk", NOW)).toBe(true);
    expect(await addOrganisationDomain(db, "U12345", "xn--bcher-kva.example", NOW)).toBe(true);
    expect((await listOrganisationDomains(db, "A81001")).map((d) => d.domain)).toEqual(["example-surgery.co.uk"]);
    expect(await listOrganisationDomains(db)).toHaveLength(3);
    expect(await findOrganisationDomains(db, ["a81001", "U12345", "Y99999"])).toEqual(["example-surgery.co.uk", "xn--bcher-kva.example"]);
    expect(await findOrganisationDomains(db, [])).toEqual([]);
  });

  it("refuses a domain for an organisation not loaded", async () => {
    await expect(addOrganisationDomain(db, "Y99999", "example-surgery.co.uk", NOW)).rejects.toThrow(OrganisationsNotLoadedError);
    expect(await listOrganisationDomains(db, "Y99999")).toEqual([]);
  });

  it("removes a registered domain, and says when there was none", async () => {
    expect(await removeOrganisationDomain(db, "U12345", "example-surgery.co.uk")).toBe(true);
    expect(await removeOrganisationDomain(db, "U12345", "example-surgery.co.uk")).toBe(false);
    expect(await findOrganisationDomains(db, ["U12345"])).toEqual(["xn--bcher-kva.example"]);
  });
});
