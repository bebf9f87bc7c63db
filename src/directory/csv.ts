// A small RFC 4180 reader for the directory files people export from spreadsheets: quoted
// fields (with commas, "" and line breaks inside), a UTF-8 byte order mark, CRLF or LF.
// Each record keeps the line it starts on, so a problem can be pointed at in the file.

export interface CsvRecord {
  /** 1-based line of the file on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

/** Text that is not CSV: names the line and what is wrong there. */
export class CsvSyntaxError extends Error {
  readonly line: number;
  readonly problem: string;
  constructor(line: number, problem: string) {
    super(`line ${line}: ${problem}`);
    this.name = "CsvSyntaxError";
    this.line = line;
    this.problem = problem;
  }
}

const BOM = "\uFEFF";

/**
 * The records of `text`. A final line break does not make an empty record; a blank line
 * in between is a record of one empty field, left for the caller to skip.
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endRecord = (): void => {
    fields.push(field);
    records.push({ line: recordLine, fields });
    fields = [];
    field = "";
  };
  // CRLF, LF and a lone CR (older spreadsheets on a Mac) each end one line.
  const lineBreakAt = (at: number): number =>
    input[at] === "\r" ? (input[at + 1] === "\n" ? 2 : 1) : input[at] === "\n" ? 1 : 0;

  while (i < input.length) {
    if (input[i] === '"' && field === "") {
      const openedOn = line;
      i++;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError(openedOn, "a quoted field is never closed");
        if (input[i] === '"') {
          if (input[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        const lineBreak = lineBreakAt(i);
        if (lineBreak > 0) line++;
        field += input.slice(i, i + Math.max(lineBreak, 1));
        i += Math.max(lineBreak, 1);
      }
      if (i < input.length && input[i] !== "," && lineBreakAt(i) === 0) {
        throw new CsvSyntaxError(line, "text after a closing quote; a quote inside a quoted field is written twice (\"\")");
      }
      continue;
    }
    const lineBreak = lineBreakAt(i);
    if (lineBreak > 0) {
      endRecord();
      i += lineBreak;
      line++;
      recordLine = line;
      continue;
    }
    if (input[i] === ",") {
      fields.push(field);
      field = "";
      i++;
      continue;
    }
    if (input[i] === '"') {
      throw new CsvSyntaxError(line, "a quote inside an unquoted field; put the whole field in quotes and write the quote twice");
    }
    field += input[i];
    i++;
  }
  if (field !== "" || fields.length > 0) endRecord();
  return records;
}
