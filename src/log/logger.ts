// Operator log on stderr (stdout stays for command output such as --json): JSON lines for
// machines, or one plain line an entry for a person at a terminal.
// Log message ids, reference numbers, outcomes and reason codes; never form contents,
// names or email bodies. Addresses only where an operator needs them to act.
// Every string in an entry is made printable first, in either format: a Message-ID or an
// error quoting mail may hold escape sequences, and a log is read on a terminal.
import winston from "winston";
import { printable } from "../printable.ts";

export type Logger = winston.Logger;

/** json: one JSON object a line; text: `time level message key=value …` for people. */
export type LogFormat = "json" | "text";

export interface LogOptions {
  readonly format?: LogFormat;
  /** Where lines go; default process.stderr. */
  readonly stream?: NodeJS.WritableStream;
}

// Deeper metadata than any entry here has is cut off rather than walked.
const MAX_DEPTH = 8;

export function createLogger(level: string, options: LogOptions = {}): Logger {
  const lines = options.format === "text" ? textLine() : winston.format.json();
  return winston.createLogger({
    level,
    format: winston.format.combine(printableEntry(), winston.format.timestamp(), lines),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr })],
  });
}

// Written bare when nothing in them could be misread as the end of the value.
const BARE_VALUE = /^[^\s"=]+$/;

/**
 * A winston format for people: `2026-12-06T09:39:05.317Z info  message key=value …`. Runs after
 * printableEntry, so every string is one line of visible characters already; values with a
 * space, a quote or an equals sign are quoted as JSON strings, objects written as JSON.
 */
const textLine = (): winston.Logform.Format =>
  winston.format.printf((info) => {
    const { level, message, timestamp, ...details } = info;
    const fields = Object.entries(details).map(([key, value]) => `${key}=${textValue(value)}`);
    const head = `${String(timestamp)} ${level.padEnd(5)} ${String(message)}`;
    return fields.length > 0 ? `${head}  ${fields.join(" ")}` : head;
  });

function textValue(value: unknown): string {
  if (typeof value === "string") return BARE_VALUE.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** A winston format: the message and every string in the metadata, keys too, made printable. */
export const printableEntry = winston.format((info) => {
  for (const key of Object.keys(info)) {
    info[key] = printableValue(info[key], 0);
  }
  return info;
});

// Walks what JSON would write: arrays, own enumerable properties, and toJSON() (a Date).
function printableValue(value: unknown, depth: number): unknown {
  if (typeof value === "string") return printable(value);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) return "[nested too deep]";
  if (Array.isArray(value)) return value.map((item) => printableValue(item, depth + 1));
  if ("toJSON" in value && typeof value.toJSON === "function") return printableValue((value.toJSON as () => unknown)(), depth + 1);
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [printable(key), printableValue(item, depth + 1)]));
}

/** A logger that writes nothing, for library callers and tests that do not read logs. */
export function silentLogger(): Logger {
  return winston.createLogger({ silent: true, transports: [new winston.transports.Console({ silent: true })] });
}

/**
 * An error text fit for the log: every email address in it (the recipient an SMTP server
 * names in its refusal, a Message-ID) replaced by <address>. The records keep the whole text.
 */
export function withoutAddresses(text: string): string {
  return text.replace(/[^\s<>()[\]"',;:@]+@[^\s<>()[\]"',;:@]+/g, "<address>");
}
