// The ODS `epraccur` extract, current layout. ODS now gives the status as ACTIVE/INACTIVE and
// the organisation's roles as ids (RO76 GP practice, RO177 prescribing cost centre), but its
// exact column layout was not found published, so this project defines one:
//
//   no header row, 8 columns, CSV (fields may be double-quoted)
//   1 organisation code
//   2 name
//   3 status: ACTIVE or INACTIVE
//   4 role ids, separated by "|": e.g. RO177 or RO177|RO76
//   5 parent code: the commissioning sub-ICB location (may be empty)
//   6 postcode                     (not stored)
//   7 open date, YYYYMMDD          (not stored)
//   8 close date, empty while open (not stored)
//
//   "Z99001","EXAMPLE MEDICAL PRACTICE","ACTIVE","RO177|RO76","00X","ZZ1 1ZZ","20000401",""
//
// A file is taken to be in this layout when its first row has ACTIVE or INACTIVE in column 3
// and role ids in column 4.
import { codeShapeProblem, normaliseCode, parentCodeProblem } from "./organisation-codes.ts";
import type { OrganisationStatus, OrganisationType } from "./organisation-types.ts";
import { columnCountProblem, dateProblem, optionalField, type RowReading } from "./row-reading.ts";

export const EPRACCUR_CURRENT_COLUMNS = 8;

const COLUMN = { code: 0, name: 1, status: 2, roles: 3, parent: 4, openDate: 6, closeDate: 7 } as const;

const STATUSES: ReadonlyMap<string, OrganisationStatus> = new Map([
  ["ACTIVE", "open"],
  ["INACTIVE", "closed"],
]);

const GP_PRACTICE_ROLE = "RO76";
const PRESCRIBING_COST_CENTRE_ROLE = "RO177";

const ROLE_LIST = /^RO\d+(?:\|RO\d+)*$/;

const cell = (fields: readonly string[], column: number): string => (fields[column] ?? "").trim().toUpperCase();

export function looksLikeEpraccurCurrent(fields: readonly string[]): boolean {
  return STATUSES.has(cell(fields, COLUMN.status)) && ROLE_LIST.test(cell(fields, COLUMN.roles));
}

/** A practice is also a prescribing cost centre in ODS, so RO76 decides when both are listed. */
function typeFromRoles(roles: readonly string[]): OrganisationType | null {
  if (roles.includes(GP_PRACTICE_ROLE)) return "gp-practice";
  if (roles.includes(PRESCRIBING_COST_CENTRE_ROLE)) return "prescribing-cost-centre";
  return null;
}

export function readEpraccurCurrentRow(fields: readonly string[]): RowReading {
  const wrongCount = columnCountProblem(fields, EPRACCUR_CURRENT_COLUMNS);
  if (wrongCount) return { kind: "problems", problems: [wrongCount] };

  const code = normaliseCode(fields[COLUMN.code] ?? "");
  const name = (fields[COLUMN.name] ?? "").trim();
  const statusText = cell(fields, COLUMN.status);
  const status = STATUSES.get(statusText);
  const rolesText = cell(fields, COLUMN.roles);
  const rolesWellFormed = ROLE_LIST.test(rolesText);
  const type = rolesWellFormed ? typeFromRoles(rolesText.split("|")) : null;
  const parent = optionalField(fields[COLUMN.parent]);
  const parentCode = parent === null ? null : normaliseCode(parent);

  const problems = [
    // Until the type is known, check the code as a practice code: the looser of the two.
    codeShapeProblem(type ?? "gp-practice", code),
    name === "" ? "the name (column 2) is empty" : null,
    status ? null : `status (column 3) "${statusText}" is not ACTIVE or INACTIVE`,
    !rolesWellFormed
      ? `roles (column 4) "${rolesText}" are not role ids such as RO177 or RO177|RO76`
      : type === null
        ? `roles (column 4) "${rolesText}" include neither ${GP_PRACTICE_ROLE} (GP practice) nor ${PRESCRIBING_COST_CENTRE_ROLE} (prescribing cost centre)`
        : null,
    parentCode === null ? null : parentCodeProblem(parentCode),
    dateProblem(fields[COLUMN.openDate] ?? "", "open date (column 7)"),
    dateProblem(fields[COLUMN.closeDate] ?? "", "close date (column 8)"),
  ].filter((problem) => problem !== null);

  // Without a type or status there is always a problem listed; the test is for the compiler.
  if (problems.length > 0 || !type || !status) return { kind: "problems", problems };
  return { kind: "organisation", organisation: { code, name, type, parentCode, status } };
}
