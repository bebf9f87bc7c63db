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
