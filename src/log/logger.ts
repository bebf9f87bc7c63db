// Operator log: JSON lines on stderr (stdout stays for command output such as --json).
// Log message ids, reference numbers, outcomes and reason codes; never form contents,
// names or email bodies. Addresses only where an operator needs them to act.
import winston from "winston";

export type Logger = winston.Logger;

export function createLogger(level: string): Logger {
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Console({ stderrLevels: ["error", "warn", "info", "debug"] })],
  });
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
