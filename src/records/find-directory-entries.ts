import type { DirectoryEntry } from "../directory/directory-entry.ts";
import type { Records } from "./database.ts";
import { directoryEntryFromRow } from "./directory-entry-row.ts";

/** Every directory entry for one address, past, current and future: the caller picks the day. */
export async function findDirectoryEntries(db: Records, email: string): Promise<DirectoryEntry[]> {
  const rows = await db.directoryEntry.findMany({
    where: { email: email.trim().toLowerCase() },
    orderBy: [{ organisationCode: "asc" }, { role: "asc" }, { validFrom: "asc" }],
  });
  return rows.map(directoryEntryFromRow);
}
