// Checks and normalises each value of a directory entry, whether it comes from a file or
// the command line. Each check returns the stored form, or a sentence saying what is wrong.
import { normaliseAddress } from "../message/addresses.ts";
import { AUTHORISER_ROLES, rolesNamedBy, type AuthoriserRole } from "./authoriser-roles.ts";
import { parseDirectoryDate } from "./directory-dates.ts";
import type { DirectoryEntry } from "./directory-entry.ts";
import { DirectoryInputError } from "./directory-errors.ts";

export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const problem = <T>(text: string): Checked<T> => ({ ok: false, problem: text });
const quoted = (raw: string): string => JSON.stringify(raw.length > 80 ? `${raw.slice(0, 80)}...` : raw);

const MAX_NAME_LENGTH = 200;
const ORGANISATION_CODE = /^[A-Z0-9]{3,8}$/;

/** Normalised the same way as a sender's From address, so that the two compare equal. */
export function checkEmail(raw: string): Checked<string> {
  if (raw.trim() === "") return problem("email is empty");
  const address = normaliseAddress(raw);
  return address ? ok(address.address) : problem(`email ${quoted(raw)} is not a plausible address`);
}

export function checkName(raw: string): Checked<string> {
  const name = raw.trim().replace(/\s+/g, " ");
  if (name === "") return problem("name is empty");
  if (name.length > MAX_NAME_LENGTH) return problem(`name is longer than ${MAX_NAME_LENGTH} characters`);
  return ok(name);
}

export function checkOrganisationCode(raw: string): Checked<string> {
  const code = raw.trim().toUpperCase();
  if (code === "") return problem("organisation code is empty");
  return ORGANISATION_CODE.test(code)
    ? ok(code)
    : problem(`organisation code ${quoted(raw)} is not 3 to 8 letters and digits`);
}

/** A role id, or a job title that names exactly one role ("Caldicott Guardian"). */
export function checkRole(raw: string): Checked<AuthoriserRole> {
  if (raw.trim() === "") return problem("role is empty");
  const roles = rolesNamedBy(raw);
  const [only] = roles;
  if (roles.length === 1 && only) return ok(only);
  if (roles.length === 0) {
    return problem(`role ${quoted(raw)} is not an authorising role; use one of ${AUTHORISER_ROLES.join(", ")}`);
  }
  return problem(`role ${quoted(raw)} could be ${roles.join(" or ")}; write the role id instead`);
}

export function checkDate(raw: string, what: string): Checked<string> {
  if (raw.trim() === "") return problem(`${what} is empty`);
  const day = parseDirectoryDate(raw);
  return day ? ok(day) : problem(`${what} ${quoted(raw)} is not a date (yyyy-mm-dd or dd/mm/yyyy)`);
}

/** The values of one entry as written; validTo empty or absent means current. */
export interface DirectoryEntryInput {
  readonly email: string;
  readonly name: string;
  readonly role: string;
  readonly organisationCode: string;
  readonly validFrom: string;
  readonly validTo?: string | undefined;
}

/** The entry, or every problem with it (not only the first). */
export function checkDirectoryEntry(
  input: DirectoryEntryInput,
  names: { validFrom: string; validTo: string } = { validFrom: "valid_from", validTo: "valid_to" },
): { ok: true; entry: DirectoryEntry } | { ok: false; problems: string[] } {
  const email = checkEmail(input.email);
  const name = checkName(input.name);
  const role = checkRole(input.role);
  const organisationCode = checkOrganisationCode(input.organisationCode);
  const validFrom = checkDate(input.validFrom, names.validFrom);
  const validTo: Checked<string | null> =
    (input.validTo ?? "").trim() === "" ? ok(null) : checkDate(input.validTo ?? "", names.validTo);
  if (email.ok && name.ok && role.ok && organisationCode.ok && validFrom.ok && validTo.ok) {
    if (validTo.value !== null && validTo.value < validFrom.value) {
      return { ok: false, problems: [`${names.validTo} ${validTo.value} is before ${names.validFrom} ${validFrom.value}`] };
    }
    return {
      ok: true,
      entry: {
        email: email.value,
        name: name.value,
        role: role.value,
        organisationCode: organisationCode.value,
        validFrom: validFrom.value,
        validTo: validTo.value,
      },
    };
  }
  const problems = [email, name, role, organisationCode, validFrom, validTo].flatMap((c) => (c.ok ? [] : [c.problem]));
  return { ok: false, problems };
}

/** The value, or a DirectoryInputError with the problem: for values given one at a time. */
export function accepted<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new DirectoryInputError(checked.problem);
  return checked.value;
}
