// Whether directory entries show someone holding a role for an organisation on a given day.
// Pure: the intake passes the entries it looked up and the day the message arrived.
import type { AuthoriserRole } from "./authoriser-roles.ts";
import { isDirectoryDate } from "./directory-dates.ts";
import type { DirectoryEntry } from "./directory-entry.ts";

export type RoleHolding = Pick<DirectoryEntry, "role" | "organisationCode" | "validFrom" | "validTo">;

export interface RoleQuestion {
  readonly organisationCode: string;
  readonly roles: readonly AuthoriserRole[];
  /** yyyy-mm-dd. */
  readonly on: string;
}

/** True when an entry has one of the roles for the organisation, valid_from ≤ on ≤ valid_to. */
export function holdsRole(entries: readonly RoleHolding[], question: RoleQuestion): boolean {
  // Dates compare as text; any other format would give a wrong answer without a word.
  if (!isDirectoryDate(question.on)) throw new RangeError(`holdsRole: "on" must be a yyyy-mm-dd day, got ${JSON.stringify(question.on)}`);
  const code = question.organisationCode.trim().toUpperCase();
  return entries.some(
    (entry) =>
      entry.organisationCode === code &&
      question.roles.includes(entry.role) &&
      entry.validFrom <= question.on &&
      (entry.validTo === null || question.on <= entry.validTo),
  );
}
