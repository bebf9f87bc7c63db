import { isAuthoriserRole } from "../directory/authoriser-roles.ts";
import type { DirectoryEntry } from "../directory/directory-entry.ts";
import { DirectoryRecordError } from "../directory/directory-errors.ts";

interface DirectoryEntryRow {
  readonly id: number;
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly organisationCode: string;
  readonly validFrom: string;
  readonly validTo: string | null;
}

/** A stored row as an entry; a role the code does not know is an error, not a silent skip. */
export function directoryEntryFromRow(row: DirectoryEntryRow): DirectoryEntry {
  if (!isAuthoriserRole(row.role)) throw new DirectoryRecordError(row.id, `unknown role ${JSON.stringify(row.role)}`);
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    organisationCode: row.organisationCode,
    validFrom: row.validFrom,
    validTo: row.validTo,
  };
}
