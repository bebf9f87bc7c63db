// Builds synthetic organisations files in each layout. Codes and names are made up.

const quote = (field: string): string => `"${field.replace(/"/g, '""')}"`;
const csvLine = (fields: readonly string[]): string => fields.map(quote).join(",");

export interface LegacyPractice {
  code: string;
  name?: string;
  /** A, C, D or P. */
  status?: string;
  commissioner?: string;
  /** 4 for a GP practice. */
  setting?: string;
  openDate?: string;
  closeDate?: string;
}

/** One epraccur row in the legacy 27-column layout. */
export function legacyRow(practice: LegacyPractice): string[] {
  const fields = Array.from({ length: 27 }, () => "");
  fields[0] = practice.code;
  fields[1] = practice.name ?? `TEST PRACTICE ${practice.code}`;
  fields[2] = "Y99";
  fields[3] = "Q99";
  fields[4] = "1 TEST STREET";
  fields[7] = "TESTTOWN";
  fields[9] = "ZZ9 9ZZ";
  fields[10] = practice.openDate ?? "19740401";
  fields[11] = practice.closeDate ?? "";
  fields[12] = practice.status ?? "A";
  fields[13] = "B";
  fields[14] = practice.commissioner ?? "00X";
  fields[15] = "20130401";
  fields[17] = "01234 567890";
  fields[21] = "0";
  fields[23] = "1";
  fields[25] = practice.setting ?? "4";
  return fields;
}

export function legacyFile(practices: readonly LegacyPractice[], lineEnd = "\r\n"): string {
  return practices.map((p) => csvLine(legacyRow(p)) + lineEnd).join("");
}

export interface CurrentPractice {
  code: string;
  name?: string;
  /** ACTIVE or INACTIVE. */
  status?: string;
  roles?: string;
  parent?: string;
  openDate?: string;
  closeDate?: string;
}

/** One row in the current epraccur layout this project defines (8 columns). */
export function currentRow(practice: CurrentPractice): string[] {
  return [
    practice.code,
    practice.name ?? `TEST PRACTICE ${practice.code}`,
    practice.status ?? "ACTIVE",
    practice.roles ?? "RO177|RO76",
    practice.parent ?? "00X",
    "ZZ9 9ZZ",
    practice.openDate ?? "19740401",
    practice.closeDate ?? "",
  ];
}

export function currentFile(practices: readonly CurrentPractice[]): string {
  return practices.map((p) => `${csvLine(currentRow(p))}\n`).join("");
}

export const CSV_HEADER = "code,name,type,parent_code,status";

/** A plain CSV: the header, then each row as given (already CSV text). */
export function plainCsv(rows: readonly string[], lineEnd = "\n"): string {
  return [CSV_HEADER, ...rows].map((line) => line + lineEnd).join("");
}

/** A legacy epraccur file of `count` practices and cost centres, as large as the real one. */
export function generatedLegacyFile(count: number, overrides: Partial<LegacyPractice> = {}): string {
  const practices: LegacyPractice[] = [];
  for (let i = 0; i < count; i++) {
    practices.push({
      code: `Z${String(i).padStart(5, "0")}`,
      // About one in ten is a cost centre rather than a practice.
      setting: i % 10 === 9 ? "0" : "4",
      ...overrides,
    });
  }
  return legacyFile(practices);
}
