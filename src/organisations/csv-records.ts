// Splits CSV text into records (RFC 4180): comma-separated fields, double-quoted fields that
// may hold commas, line breaks and doubled quotes, CRLF or LF line ends, an optional UTF-8 BOM.
// Owns: nothing but the syntax; what the fields mean is for the layout readers.

export interface CsvRecord {
  /** The 1-based line on which the record starts (a quoted line break makes a record span lines). */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvSyntaxProblem {
  readonly line: number;
  readonly problem: string;
}

export interface CsvContent {
  readonly records: readonly CsvRecord[];
  /** Records with broken quoting are left out of `records` and described here. */
  readonly problems: readonly CsvSyntaxProblem[];
}

const QUOTE = '"';
const COMMA = ",";
const CR = "\r";
const LF = "\n";

export function parseCsv(text: string): CsvContent {
  const records: CsvRecord[] = [];
  const problems: CsvSyntaxProblem[] = [];
  let i = text.startsWith("\uFEFF") ? 1 : 0;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = "";
  // A field that opened with a quote; after its closing quote only a comma or line end may follow.
  let quoted = false;
  let inQuotes = false;
  let afterClosingQuote = false;
  let broken: string | null = null;

  const endField = (): void => {
    fields.push(field);
    field = "";
    quoted = false;
    afterClosingQuote = false;
  };
  const endRecord = (): void => {
    endField();
    if (broken) problems.push({ line: recordLine, problem: broken });
    else records.push({ line: recordLine, fields });
    fields = [];
    broken = null;
  };
  const lineEnd = (): void => {
    // CRLF counts as one line end; a lone CR is taken as one too (old spreadsheet exports).
    if (text[i] === CR && text[i + 1] === LF) i += 1;
    i += 1;
    line += 1;
  };

  while (i < text.length) {
    const ch = text[i] as string;
    if (inQuotes) {
      if (ch === QUOTE) {
        if (text[i + 1] === QUOTE) {
          field += QUOTE;
          i += 2;
        } else {
          inQuotes = false;
          afterClosingQuote = true;
          i += 1;
        }
      } else if (ch === CR || ch === LF) {
        // A line break inside quotes is part of the field; keep it as LF.
        field += LF;
        lineEnd();
      } else {
        field += ch;
        i += 1;
      }
      continue;
    }
    if (ch === COMMA) {
      endField();
      i += 1;
    } else if (ch === CR || ch === LF) {
      endRecord();
      lineEnd();
      recordLine = line;
    } else if (ch === QUOTE && field.length === 0 && !quoted) {
      quoted = true;
      inQuotes = true;
      i += 1;
    } else {
      if (afterClosingQuote) broken ??= `unexpected text after the closing quote of field ${fields.length + 1}`;
      else if (ch === QUOTE) broken ??= `a quote inside unquoted field ${fields.length + 1} (quote the whole field and double the quote)`;
      field += ch;
      i += 1;
    }
  }

  if (inQuotes) {
    problems.push({ line: recordLine, problem: `a quoted field starting on line ${recordLine} is never closed` });
  } else if (fields.length > 0 || field.length > 0 || quoted) {
    // The last record has no line end after it.
    endRecord();
  }
  return { records, problems };
}

/** A record that is an empty line: one field with nothing in it. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === "";
}
