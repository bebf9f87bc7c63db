import type { DirectoryEntry, DirectoryFilter } from "../directory/directory-entry.ts";
import type { Records } from "./database.ts";
import { directoryEntryFromRow } from "./directory-entry-row.ts";

/** Directory entries matching the filter, by organisation, role, address and start. */
export async function listDirectoryEntries(db: Records, filter: DirectoryFilter = {}): Promise<DirectoryEntry[]> {
  const rows = await db.directoryEntry.findMany({
    where: { email: filter.email, organisationCode: filter.organisationCode, role: filter.role },
    orderBy: [{ organisationCode: "asc" }, { role: "asc" }, { email: "asc" }, { validFrom: "asc" }],
  });
  return rows.map(directoryEntryFromRow);
}
