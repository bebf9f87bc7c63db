// One page of the authoriser directory for the console: by organisation, role and address,
// with how many entries match in all.
import type { DirectoryEntry } from "../directory/directory-entry.ts";
import type { Records } from "./database.ts";
import { directoryEntryFromRow } from "./directory.ts";

export async function directoryPage(
  db: Records,
  query: { readonly text: string; readonly limit: number; readonly offset: number },
): Promise<{ entries: DirectoryEntry[]; total: number }> {
  const text = query.text.trim();
  const where = text
    ? { OR: [{ email: { contains: text.toLowerCase() } }, { name: { contains: text } }, { organisationCode: text.toUpperCase() }] }
    : {};
  const [rows, total] = await Promise.all([
    db.directoryEntry.findMany({
      where,
      orderBy: [{ organisationCode: "asc" }, { role: "asc" }, { email: "asc" }, { validFrom: "asc" }],
      take: query.limit,
      skip: query.offset,
    }),
    db.directoryEntry.count({ where }),
  ]);
  return { entries: rows.map(directoryEntryFromRow), total };
}
