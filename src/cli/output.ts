// Printing command results: JSON for scripts, an aligned table for people, and sentences.
// Everything printed passes through src/printable.ts: values read from mail (a Message-ID,
// an address, a problem quoting a file) never reach the terminal as control characters.
import { printable, printableJson, printableLines } from "../printable.ts";

let watchingOutput = false;

/**
 * A reader that stopped reading (`intake config help | head`, a closed terminal) ends the
 * program quietly, as it would any Unix filter: nothing more can be shown, and an unhandled
 * EPIPE would end it with a stack trace instead. The exit status is 0 unless the command had
 * already failed. Any other failure to write stays an error.
 */
export function endQuietlyWhenOutputCloses(): void {
  if (watchingOutput) return;
  watchingOutput = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    });
  }
}

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
