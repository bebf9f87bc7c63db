// Reads an authoriser directory file (a Caldicott Guardian register extract, a list of
// nominated authorisers, GP or PCN Clinical Director lists, all in one CSV layout) into
// entries. Everything is checked before anything is written: one bad line rejects the file.
import { readFileSync } from "node:fs";
import { parseCsv, type CsvRecord } from "../organisations/csv-records.ts";
import type { DirectoryEntry } from "./directory-entry.ts";
import { DirectoryImportError, DirectoryInputError, type ImportProblem } from "./directory-errors.ts";
import { checkDirectoryEntry } from "./directory-fields.ts";

export const DIRECTORY_COLUMNS = ["email", "name", "role", "organisation_code", "valid_from", "valid_to"] as const;
type Column = (typeof DIRECTORY_COLUMNS)[number];
/** valid_to may be left out altogether: every entry is then current. */
const REQUIRED_COLUMNS: readonly Column[] = DIRECTORY_COLUMNS.filter((c) => c !== "valid_to");

export const DIRECTORY_FILE_HEADER = DIRECTORY_COLUMNS.join(",");

const isColumn = (name: string): name is Column => (DIRECTORY_COLUMNS as readonly string[]).includes(name);
const isBlank = (record: CsvRecord): boolean => record.fields.every((f) => f.trim() === "");

/** Where each column is, or what is wrong with the header line. */
function readHeader(record: CsvRecord): { ok: true; columns: Map<Column, number> } | { ok: false; problem: string } {
  const columns = new Map<Column, number>();
  const unknown: string[] = [];
  const repeated: string[] = [];
  record.fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (!isColumn(name)) unknown.push(JSON.stringify(raw.trim()));
    else if (columns.has(name)) repeated.push(name);
    else columns.set(name, index);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  const wrong = [
    ...(missing.length > 0 ? [`missing column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}`] : []),
    ...(unknown.length > 0 ? [`unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`] : []),
    ...(repeated.length > 0 ? [`column${repeated.length > 1 ? "s" : ""} ${repeated.join(", ")} given twice`] : []),
  ];
  if (wrong.length === 0) return { ok: true, columns };
  return { ok: false, problem: `${wrong.join("; ")}; the first line must be the header ${DIRECTORY_FILE_HEADER}` };
}

function decode(content: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    return null;
  }
}

/**
 * The entries of a directory file, in file order. `file` only names the file in the error.
 * Throws DirectoryImportError listing the bad lines; then nothing may be written.
 */
export function parseDirectoryFile(content: Uint8Array, file: string): DirectoryEntry[] {
  const text = decode(content);
  if (text === null) {
    throw new DirectoryImportError(file, [{ line: 1, problem: "the file is not UTF-8 text; save it as \"CSV UTF-8\"" }]);
  }
  const csv = parseCsv(text);
  if (csv.problems.length > 0) throw new DirectoryImportError(file, [...csv.problems]);
  const records = csv.records.filter((record) => !isBlank(record));
  const [headerRecord, ...rows] = records;
  if (!headerRecord) {
    throw new DirectoryImportError(file, [{ line: 1, problem: `the file is empty; the first line must be the header ${DIRECTORY_FILE_HEADER}` }]);
  }
  const header = readHeader(headerRecord);
  if (!header.ok) throw new DirectoryImportError(file, [{ line: headerRecord.line, problem: header.problem }]);

  const width = headerRecord.fields.length;
  const problems: ImportProblem[] = [];
  const entries: DirectoryEntry[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of rows) {
    if (row.fields.length !== width) {
      problems.push({ line: row.line, problem: `${row.fields.length} fields, but the header has ${width}` });
      continue;
    }
    const value = (column: Column): string => {
      const index = header.columns.get(column);
      return index === undefined ? "" : (row.fields[index] ?? "");
    };
    const checked = checkDirectoryEntry({
      email: value("email"),
      name: value("name"),
      role: value("role"),
      organisationCode: value("organisation_code"),
      validFrom: value("valid_from"),
      validTo: value("valid_to"),
    });
    if (!checked.ok) {
      problems.push({ line: row.line, problem: checked.problems.join("; ") });
      continue;
    }
    // Two lines for one entry would make the result depend on their order.
    const { email, role, organisationCode, validFrom } = checked.entry;
    const key = [email, role, organisationCode, validFrom].join("\u0000");
    const earlier = firstLineOf.get(key);
    if (earlier !== undefined) {
      problems.push({ line: row.line, problem: `the same entry (email, role, organisation_code, valid_from) as line ${earlier}` });
      continue;
    }
    firstLineOf.set(key, row.line);
    entries.push(checked.entry);
  }
  if (problems.length > 0) throw new DirectoryImportError(file, problems);
  return entries;
}

/** The entries of the directory file at `filePath`; a file that cannot be read is bad input. */
export function readDirectoryFile(filePath: string): DirectoryEntry[] {
  let content: Buffer;
  try {
    content = readFileSync(filePath);
  } catch (error) {
    throw new DirectoryInputError(`cannot read ${filePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseDirectoryFile(content, filePath);
}
