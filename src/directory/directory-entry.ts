// One line of the authoriser directory: someone known to hold an authorising role for an
// organisation, for a period. Owns the shape shared by imports, the CLI and the intake.
import type { AuthoriserRole } from "./authoriser-roles.ts";

export interface DirectoryEntry {
  /** Lower-case address, in the form the sender check produces (ASCII domain). */
  readonly email: string;
  readonly name: string;
  readonly role: AuthoriserRole;
  /** Upper-case ODS code. */
  readonly organisationCode: string;
  /** yyyy-mm-dd, inclusive. */
  readonly validFrom: string;
  /** yyyy-mm-dd, inclusive; null while the entry is current. */
  readonly validTo: string | null;
}

/** Which entries to remove or list: every given part must match. */
export interface DirectoryFilter {
  readonly email?: string;
  readonly organisationCode?: string;
  readonly role?: AuthoriserRole;
}

/** What writing a batch of entries changed. */
export interface DirectoryChanges {
  readonly added: number;
  readonly updated: number;
  readonly unchanged: number;
}
