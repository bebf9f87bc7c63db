// The authoriser directory: entries written in one transaction (keyed by email, role,
// organisation code and valid-from; a known key gets the given name and valid-to, nothing is
// deleted), found by address for the intake, listed and removed for the CLI. The domain's
// yyyy-mm-dd days are stored as dates; an entry is only written for a loaded organisation.
import type { DirectoryChanges, DirectoryEntry, DirectoryFilter } from "../directory/directory-entry.ts";
import { OrganisationsNotLoadedError } from "../directory/directory-errors.ts";
import { directoryRoles, orNull } from "./closed-sets.ts";
import type { Database, Records, Transaction } from "./database.ts";
import { dateOfDay, dayOfDate } from "./days.ts";
import type { Prisma } from "./generated/client.ts";
import { codesNotLoaded } from "./organisations.ts";

type DirectoryEntryRow = Prisma.DirectoryEntryGetPayload<true>;

/** A stored row as an entry; a role the code does not know is an error, not a silent skip. */
export function directoryEntryFromRow(row: DirectoryEntryRow): DirectoryEntry {
  return {
    email: row.email,
    name: row.name,
    role: directoryRoles.domain(row.role),
    organisationCode: row.organisationCode,
    validFrom: dayOfDate(row.validFrom),
    validTo: orNull(row.validTo, dayOfDate),
  };
}

function storedEntry(entry: DirectoryEntry) {
  return {
    email: entry.email,
    name: entry.name,
    role: directoryRoles.stored(entry.role),
    organisationCode: entry.organisationCode,
    validFrom: dateOfDay(entry.validFrom),
    validTo: orNull(entry.validTo, dateOfDay),
  };
}

const keyOf = (e: DirectoryEntry): string => [e.email, e.role, e.organisationCode, e.validFrom].join("\u0000");

// A register extract can hold thousands of lines; the default five seconds is for requests.
const TRANSACTION_TIMEOUT_MS = 120_000;

/** Adds or updates entries as of `at`; OrganisationsNotLoadedError, and nothing written, when any names an organisation not loaded. */
export async function saveDirectoryEntries(db: Database, entries: readonly DirectoryEntry[], at: Date): Promise<DirectoryChanges> {
  return db.$transaction((tx) => saveDirectoryEntriesIn(tx, entries, at), { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS });
}

/** The same, inside a transaction the caller holds (an agent adding an authoriser with the case change). */
export async function saveDirectoryEntriesIn(tx: Transaction, entries: readonly DirectoryEntry[], at: Date): Promise<DirectoryChanges> {
  const codes = [...new Set(entries.map((e) => e.organisationCode))];
  const missing = await codesNotLoaded(tx, codes);
  if (missing.length > 0) throw new OrganisationsNotLoadedError(missing);
  const stored = await tx.directoryEntry.findMany({ where: { organisationCode: { in: codes } } });
  const byKey = new Map(stored.map((row) => [keyOf(directoryEntryFromRow(row)), row]));
  const toAdd: DirectoryEntry[] = [];
  let updated = 0;
  let unchanged = 0;
  for (const entry of entries) {
    const row = byKey.get(keyOf(entry));
    if (!row) {
      toAdd.push(entry);
    } else if (row.name === entry.name && orNull(row.validTo, dayOfDate) === entry.validTo) {
      unchanged++;
    } else {
      await tx.directoryEntry.update({ where: { id: row.id }, data: { name: entry.name, validTo: orNull(entry.validTo, dateOfDay) } });
      updated++;
    }
  }
  if (toAdd.length > 0) await tx.directoryEntry.createMany({ data: toAdd.map((entry) => ({ ...storedEntry(entry), createdAt: at })) });
  return { added: toAdd.length, updated, unchanged };
}

/** Every directory entry for one address, past, current and future: the caller picks the day. */
export async function findDirectoryEntries(db: Records, email: string): Promise<DirectoryEntry[]> {
  const rows = await db.directoryEntry.findMany({
    where: { email: email.trim().toLowerCase() },
    orderBy: [{ organisationCode: "asc" }, { role: "asc" }, { validFrom: "asc" }],
  });
  return rows.map(directoryEntryFromRow);
}

const storedFilter = (filter: DirectoryFilter) => ({
  email: filter.email,
  organisationCode: filter.organisationCode,
  role: filter.role === undefined ? undefined : directoryRoles.stored(filter.role),
});

/** Directory entries matching the filter, by organisation, role, address and start. */
export async function listDirectoryEntries(db: Records, filter: DirectoryFilter = {}): Promise<DirectoryEntry[]> {
  const rows = await db.directoryEntry.findMany({
    where: storedFilter(filter),
    orderBy: [{ organisationCode: "asc" }, { role: "asc" }, { email: "asc" }, { validFrom: "asc" }],
  });
  return rows.map(directoryEntryFromRow);
}

/** Deletes the entries of one address that match the filter; returns how many went. */
export async function removeDirectoryEntries(db: Records, filter: DirectoryFilter & { readonly email: string }): Promise<number> {
  const { count } = await db.directoryEntry.deleteMany({ where: storedFilter(filter) });
  return count;
}
