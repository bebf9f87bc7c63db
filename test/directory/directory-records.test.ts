// The directory against a real SQLite database, from real files.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DirectoryImportError, DirectoryRecordError } from "../../src/directory/directory-errors.ts";
import { readDirectoryFile } from "../../src/directory/read-directory-file.ts";
import { addOrganisationDomain } from "../../src/records/add-organisation-domain.ts";
import type { Database } from "../../src/records/database.ts";
import { findDirectoryEntries } from "../../src/records/find-directory-entries.ts";
import { findOrganisationDomains } from "../../src/records/find-organisation-domains.ts";
import { listDirectoryEntries } from "../../src/records/list-directory-entries.ts";
import { listOrganisationDomains } from "../../src/records/list-organisation-domains.ts";
import { removeDirectoryEntries } from "../../src/records/remove-directory-entries.ts";
import { removeOrganisationDomain } from "../../src/records/remove-organisation-domain.ts";
import { saveDirectoryEntries } from "../../src/records/save-directory-entries.ts";
import { createDirectoryWorkspace, type DirectoryWorkspace } from "./directory-workspace.ts";

let ws: DirectoryWorkspace;
let db: Database;

beforeAll(async () => {
  ws = createDirectoryWorkspace();
  db = await ws.open();
});
afterAll(async () => {
  await db.$disconnect();
  ws.remove();
});

const importFile = async (file: string) => saveDirectoryEntries(db, readDirectoryFile(file));

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
    await expect(saveDirectoryEntries(db, [ended, twice, twice])).rejects.toThrow();
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
    ]);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net", organisationCode: "RYY", role: "caldicott-guardian" })).toBe(1);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net", organisationCode: "RZZ" })).toBe(0);
    expect(await removeDirectoryEntries(db, { email: "two@nhs.net" })).toBe(2);
    expect(await findDirectoryEntries(db, "two@nhs.net")).toEqual([]);
  });

  it("a stored row with a role the code does not know is an error, not a silent skip", async () => {
    await db.directoryEntry.create({ data: { email: "odd@nhs.net", name: "Odd", role: "practice-manager", organisationCode: "A81001", validFrom: "2024-01-01" } });
    await expect(findDirectoryEntries(db, "odd@nhs.net")).rejects.toThrow(DirectoryRecordError);
    await db.directoryEntry.deleteMany({ where: { email: "odd@nhs.net" } });
  });
});

describe("organisation domain records", () => {
  it("adds a domain once, lists it, and finds it for any of several codes", async () => {
    expect(await addOrganisationDomain(db, "A81001", "example-surgery.co.uk")).toBe(true);
    expect(await addOrganisationDomain(db, "A81001", "example-surgery.co.uk")).toBe(false);
    expect(await addOrganisationDomain(db, "U12345", "example-surgery.co.uk")).toBe(true);
    expect(await addOrganisationDomain(db, "U12345", "xn--bcher-kva.example")).toBe(true);
    expect((await listOrganisationDomains(db, "A81001")).map((d) => d.domain)).toEqual(["example-surgery.co.uk"]);
    expect(await listOrganisationDomains(db)).toHaveLength(3);
    expect(await findOrganisationDomains(db, ["a81001", "U12345", "Y99999"])).toEqual(["example-surgery.co.uk", "xn--bcher-kva.example"]);
    expect(await findOrganisationDomains(db, [])).toEqual([]);
  });

  it("removes a registered domain, and says when there was none", async () => {
    expect(await removeOrganisationDomain(db, "U12345", "example-surgery.co.uk")).toBe(true);
    expect(await removeOrganisationDomain(db, "U12345", "example-surgery.co.uk")).toBe(false);
    expect(await findOrganisationDomains(db, ["U12345"])).toEqual(["xn--bcher-kva.example"]);
  });
});
