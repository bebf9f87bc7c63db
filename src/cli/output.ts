// Printing command results: JSON for scripts, an aligned table for people, and sentences.
// Everything printed passes through src/printable.ts: values read from mail (a Message-ID,
// an address, a problem quoting a file) never reach the terminal as control characters.
import { printable, printableJson, printableLines } from "../printable.ts";

export function printJson(value: unknown): void {
  process.stdout.write(`${printableJson(value, 2)}\n`);
}

export function printTable(rows: readonly Record<string, string>[], columns: readonly string[]): void {
  if (rows.length === 0) {
    process.stdout.write("(none)\n");
    return;
  }
  const cells = rows.map((row) => columns.map((column) => printable(row[column] ?? "")));
  const header = columns.map(printable);
  const widths = header.map((title, index) => Math.max(title.length, ...cells.map((row) => (row[index] ?? "").length)));
  const line = (values: readonly string[]): string =>
    values.map((value, index) => value.padEnd(widths[index] ?? 0)).join("  ").trimEnd();
  process.stdout.write(`${line(header)}\n`);
  for (const row of cells) process.stdout.write(`${line(row)}\n`);
}

/** Sentences for people on stdout; line breaks are kept, every other control escaped. */
export function printText(text: string): void {
  process.stdout.write(printableLines(text));
}

/** The same on stderr, for errors. */
export function printError(text: string): void {
  process.stderr.write(printableLines(text));
}
