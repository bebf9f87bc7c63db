// Reads a whole organisations file into organisations, or rejects it with every bad line.
// Pure: no file or database access, so a file is judged completely before anything is written.
import { isBlankRecord, parseCsv } from "./csv-records.ts";
import { readEpraccurCurrentRow } from "./epraccur-current.ts";
import { readEpraccurLegacyRow } from "./epraccur-legacy.ts";
import { detectFormat, type OrganisationFileFormat } from "./file-formats.ts";
import { OrganisationImportError, type ImportProblem } from "./import-problems.ts";
import type { Organisation } from "./organisation-types.ts";
import { CSV_COLUMNS, readCsvHeader, readCsvRow } from "./organisations-csv.ts";
import type { RowReading } from "./row-reading.ts";

export interface OrganisationsFile {
  readonly format: OrganisationFileFormat;
  readonly organisations: readonly Organisation[];
}

export interface ReadOrganisationsOptions {
  /** Force a layout instead of recognising it from the first row. */
  readonly format?: OrganisationFileFormat | undefined;
  /** How the file is named in the error message, e.g. its path. */
  readonly source?: string | undefined;
}

/** @throws OrganisationImportError when anything in the file is wrong; it then lists every bad line. */
export function readOrganisations(content: string | Uint8Array, options: ReadOrganisationsOptions = {}): OrganisationsFile {
  const source = options.source ?? "the organisations file";
  const problems: ImportProblem[] = [];
  const text = typeof content === "string" ? content : decodeUtf8(content, problems);
  const csv = parseCsv(text);
  problems.push(...csv.problems);
  const records = csv.records.filter((record) => !isBlankRecord(record));
  const first = records[0];
  if (!first) throw new OrganisationImportError(source, [...problems, { line: 1, problem: "the file holds no organisations" }]);

  const format = options.format ?? detectFormat(first.fields);
  if (!format) {
    throw new OrganisationImportError(source, [
      ...problems,
      {
        line: first.line,
        problem:
          `cannot tell the layout from this row: expected a header row (${CSV_COLUMNS.join(",")}), ` +
          "27 epraccur (legacy) columns, or ACTIVE/INACTIVE and role ids in columns 3 and 4 (current epraccur); " +
          "or name the layout with --format",
      },
    ]);
  }

  let rows = records;
  let read: (fields: readonly string[]) => RowReading =
    format === "epraccur-legacy" ? readEpraccurLegacyRow : readEpraccurCurrentRow;
  if (format === "csv") {
    const header = readCsvHeader(first.fields);
    // Without its header no row can be read, so the header's problems are all there is to say.
    if (header.kind === "problems") {
      throw new OrganisationImportError(source, [...problems, ...header.problems.map((problem) => ({ line: first.line, problem }))]);
    }
    rows = records.slice(1);
    read = (fields) => readCsvRow(fields, header.header);
  }

  const organisations: Organisation[] = [];
  const lineOfCode = new Map<string, number>();
  for (const row of rows) {
    const reading = read(row.fields);
    if (reading.kind === "problems") {
      problems.push({ line: row.line, problem: reading.problems.join("; ") });
      continue;
    }
    const { organisation } = reading;
    const earlier = lineOfCode.get(organisation.code);
    if (earlier !== undefined) {
      problems.push({ line: row.line, problem: `code ${organisation.code} is also on line ${earlier} (duplicate code)` });
      continue;
    }
    lineOfCode.set(organisation.code, row.line);
    organisations.push(organisation);
  }
  if (rows.length === 0 && problems.length === 0) {
    problems.push({ line: first.line, problem: "the file holds no organisations after its header row" });
  }
  if (problems.length > 0) throw new OrganisationImportError(source, problems);
  return { format, organisations };
}

/** UTF-8 text; lines that are not (a spreadsheet saved as Windows-1252, say) become problems. */
function decodeUtf8(bytes: Uint8Array, problems: ImportProblem[]): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const strict = new TextDecoder("utf-8", { fatal: true });
    let line = 1;
    let start = 0;
    for (let i = 0; i <= bytes.length; i++) {
      if (i < bytes.length && bytes[i] !== 0x0a) continue;
      try {
        strict.decode(bytes.subarray(start, i));
      } catch {
        problems.push({ line, problem: "not UTF-8 text (save the file as CSV UTF-8)" });
      }
      line += 1;
      start = i + 1;
    }
    return new TextDecoder("utf-8").decode(bytes);
  }
}
