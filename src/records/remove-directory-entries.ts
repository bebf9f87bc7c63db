import type { DirectoryFilter } from "../directory/directory-entry.ts";
import type { Records } from "./database.ts";

/** Deletes the entries of one address that match the filter; returns how many went. */
export async function removeDirectoryEntries(db: Records, filter: DirectoryFilter & { readonly email: string }): Promise<number> {
  const { count } = await db.directoryEntry.deleteMany({
    where: { email: filter.email, organisationCode: filter.organisationCode, role: filter.role },
  });
  return count;
}
