// Turns an Organisation row back into the domain type. The database holds type and status as
// plain text, so a value this code does not know means the table was changed by hand.
import { isOrganisationType, type Organisation, type OrganisationStatus } from "./organisation-types.ts";

export interface OrganisationRow {
  readonly code: string;
  readonly name: string;
  readonly type: string;
  readonly parentCode: string | null;
  readonly status: string;
}

export class StoredOrganisationError extends Error {
  readonly code: string;
  constructor(code: string, problem: string) {
    super(`organisation ${code} in the database ${problem}; re-import it`);
    this.name = "StoredOrganisationError";
    this.code = code;
  }
}

const isStatus = (value: string): value is OrganisationStatus => value === "open" || value === "closed";

export function organisationFromRow(row: OrganisationRow): Organisation {
  const { code, name, type, parentCode, status } = row;
  if (!isOrganisationType(type)) throw new StoredOrganisationError(code, `has an unknown type "${type}"`);
  if (!isStatus(status)) throw new StoredOrganisationError(code, `has an unknown status "${status}"`);
  return { code, name, type, parentCode, status };
}
