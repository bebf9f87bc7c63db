// Writes directory entries in one transaction, keyed by (email, role, organisation code,
// valid from): a new key is added, a known one gets the given name and valid-to. Nothing is
// deleted here, so re-importing a file is safe and an entry is ended by giving its valid_to.
import type { DirectoryChanges, DirectoryEntry } from "../directory/directory-entry.ts";
import type { Database } from "./database.ts";

const keyOf = (e: { email: string; role: string; organisationCode: string; validFrom: string }): string =>
  [e.email, e.role, e.organisationCode, e.validFrom].join("\u0000");

// A register extract can hold thousands of lines; the default five seconds is for requests.
const TRANSACTION_TIMEOUT_MS = 120_000;

export async function saveDirectoryEntries(db: Database, entries: readonly DirectoryEntry[]): Promise<DirectoryChanges> {
  const codes = [...new Set(entries.map((e) => e.organisationCode))];
  return db.$transaction(
    async (tx) => {
      const stored = await tx.directoryEntry.findMany({ where: { organisationCode: { in: codes } } });
      const byKey = new Map(stored.map((row) => [keyOf(row), row]));
      const toAdd: DirectoryEntry[] = [];
      let updated = 0;
      let unchanged = 0;
      for (const entry of entries) {
        const row = byKey.get(keyOf(entry));
        if (!row) {
          toAdd.push(entry);
        } else if (row.name === entry.name && row.validTo === entry.validTo) {
          unchanged++;
        } else {
          await tx.directoryEntry.update({ where: { id: row.id }, data: { name: entry.name, validTo: entry.validTo } });
          updated++;
        }
      }
      if (toAdd.length > 0) await tx.directoryEntry.createMany({ data: toAdd.map((entry) => ({ ...entry })) });
      return { added: toAdd.length, updated, unchanged };
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: TRANSACTION_TIMEOUT_MS },
  );
}
