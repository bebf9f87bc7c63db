// The plain CSV layout, for every organisation epraccur does not cover (ICBs, sub-ICB
// locations, PCNs, trusts, ...): a header row naming the columns code, name, type,
// parent_code, status (in any order), then one organisation per row.
import { codeShapeProblem, normaliseCode, parentCodeProblem } from "./organisation-codes.ts";
import { organisationTypeFromName } from "./organisation-type-names.ts";
import type { OrganisationStatus } from "./organisation-types.ts";
import { columnCountProblem, optionalField, type RowReading } from "./row-reading.ts";

export const CSV_COLUMNS = ["code", "name", "type", "parent_code", "status"] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

/** Where each column is in the file. */
export type CsvHeader = Readonly<Record<CsvColumn, number>> & { readonly width: number };

// "parent_code", "Parent Code" and "parentCode" all name the same column.
const canonical = (name: string): string => name.trim().toLowerCase().replace(/[^a-z0-9]/g, "");

const STATUSES: ReadonlyMap<string, OrganisationStatus> = new Map([
  ["open", "open"],
  ["active", "open"],
  ["closed", "closed"],
  ["inactive", "closed"],
]);

export function looksLikeOrganisationsCsvHeader(fields: readonly string[]): boolean {
  const names = new Set(fields.map(canonical));
  return names.has("code") && names.has("name") && names.has("type");
}

export type CsvHeaderReading =
  | { readonly kind: "header"; readonly header: CsvHeader }
  | { readonly kind: "problems"; readonly problems: readonly string[] };

export function readCsvHeader(fields: readonly string[]): CsvHeaderReading {
  const expected = `expected a header row naming the columns ${CSV_COLUMNS.join(",")}`;
  const known = fields.filter((field) => CSV_COLUMNS.some((c) => canonical(c) === canonical(field)));
  if (known.length === 0) return { kind: "problems", problems: [`no header row: ${expected}`] };
  const positions = new Map<string, number>();
  const problems: string[] = [];
  fields.forEach((field, index) => {
    const name = canonical(field);
    const column = CSV_COLUMNS.find((c) => canonical(c) === name);
    if (!column) problems.push(`unknown column "${field.trim()}" (${expected})`);
    else if (positions.has(column)) problems.push(`column "${column}" is named twice`);
    else positions.set(column, index);
  });
  const missing = CSV_COLUMNS.filter((column) => !positions.has(column));
  if (missing.length > 0) problems.push(`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")} (${expected})`);
  if (problems.length > 0) return { kind: "problems", problems };
  const at = (column: CsvColumn): number => positions.get(column) ?? -1;
  return {
    kind: "header",
    header: { code: at("code"), name: at("name"), type: at("type"), parent_code: at("parent_code"), status: at("status"), width: fields.length },
  };
}

export function readCsvRow(fields: readonly string[], header: CsvHeader): RowReading {
  const wrongCount = columnCountProblem(fields, header.width);
  if (wrongCount) return { kind: "problems", problems: [wrongCount] };
  const field = (column: CsvColumn): string => (fields[header[column]] ?? "").trim();

  const code = normaliseCode(field("code"));
  const name = field("name");
  const typeText = field("type");
  const type = organisationTypeFromName(typeText);
  const statusText = field("status");
  const status = STATUSES.get(statusText.toLowerCase());
  const parent = optionalField(field("parent_code"));
  const parentCode = parent === null ? null : normaliseCode(parent);

  const problems = [
    type ? codeShapeProblem(type, code) : code === "" ? "the organisation code is empty" : null,
    name === "" ? "the name is empty" : null,
    type ? null : `unknown organisation type "${typeText}"`,
    status ? null : `status "${statusText}" is not open or closed (or active, inactive)`,
    parentCode === null ? null : parentCodeProblem(parentCode),
  ].filter((problem) => problem !== null);

  // Without a type or status there is always a problem listed; the test is for the compiler.
  if (problems.length > 0 || !type || !status) return { kind: "problems", problems };
  return { kind: "organisation", organisation: { code, name, type, parentCode, status } };
}
