// The ODS `epraccur` extract (GP practices and prescribing cost centres), legacy layout:
// no header row, 27 quoted columns. Only the columns below are read; the rest (national
// grouping, address, dates joined and left, phone, ...) are not stored.
import { codeShapeProblem, normaliseCode, parentCodeProblem } from "./organisation-codes.ts";
import type { OrganisationStatus, OrganisationType } from "./organisation-types.ts";
import { columnCountProblem, dateProblem, optionalField, type RowReading } from "./row-reading.ts";

export const EPRACCUR_LEGACY_COLUMNS = 27;

/** 0-based positions of the columns read (the ODS documentation numbers them from 1). */
const COLUMN = {
  code: 0,
  name: 1,
  openDate: 10,
  closeDate: 11,
  status: 12,
  commissioner: 14,
  prescribingSetting: 25,
} as const;

const GP_PRACTICE_SETTING = "4";

const STATUSES: ReadonlyMap<string, OrganisationStatus> = new Map([
  ["A", "open"], // active
  ["P", "open"], // proposed: about to open, so its staff may already register
  ["C", "closed"],
  // Dormant: not open for new registrations, so for the intake it counts as closed.
  ["D", "closed"],
]);

export function looksLikeEpraccurLegacy(fields: readonly string[]): boolean {
  return fields.length === EPRACCUR_LEGACY_COLUMNS;
}

export function readEpraccurLegacyRow(fields: readonly string[]): RowReading {
  const wrongCount = columnCountProblem(fields, EPRACCUR_LEGACY_COLUMNS);
  if (wrongCount) return { kind: "problems", problems: [wrongCount] };
  const field = (column: number): string => (fields[column] ?? "").trim();

  const code = normaliseCode(field(COLUMN.code));
  const name = field(COLUMN.name);
  const statusCode = field(COLUMN.status).toUpperCase();
  const status = STATUSES.get(statusCode);
  const setting = field(COLUMN.prescribingSetting);
  const type: OrganisationType = setting === GP_PRACTICE_SETTING ? "gp-practice" : "prescribing-cost-centre";
  const parent = optionalField(fields[COLUMN.commissioner]);
  const parentCode = parent === null ? null : normaliseCode(parent);

  const problems = [
    codeShapeProblem(type, code),
    name === "" ? "the name (column 2) is empty" : null,
    status ? null : `status code (column 13) "${statusCode}" is not one of A, C, D, P`,
    /^\d{1,2}$/.test(setting) ? null : `prescribing setting (column 26) "${setting}" is not a number`,
    parentCode === null ? null : parentCodeProblem(parentCode),
    dateProblem(field(COLUMN.openDate), "open date (column 11)"),
    dateProblem(field(COLUMN.closeDate), "close date (column 12)"),
  ].filter((problem) => problem !== null);

  if (problems.length > 0 || !status) return { kind: "problems", problems };
  return { kind: "organisation", organisation: { code, name, type, parentCode, status } };
}
