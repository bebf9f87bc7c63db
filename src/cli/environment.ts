// What a command needs from its surroundings, built lazily so that `--help` works with
// no configuration and no database. The one place that asks whether stderr is a terminal:
// it picks the log format when INTAKE_LOG_FORMAT is auto, and whether progress is shown.
import { loadConfig, type Config } from "../config/config.ts";
import { createLogger, type LogFormat, type Logger } from "../log/logger.ts";
import { openDatabase, type Database } from "../records/database.ts";
import { NO_PROGRESS, terminalProgress, type Progress } from "./progress.ts";

export interface CliEnvironment {
  load(): { config: Config; log: Logger };
  /** Progress for a long command: on the terminal when stderr is one and the log is text; otherwise nothing. */
  progress(): Progress;
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /** The time every record a command writes is stamped with. */
  readonly clock: () => Date;
}

interface Loaded {
  readonly config: Config;
  readonly log: Logger;
  readonly progress: Progress;
}

export function cliEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  stderr: NodeJS.WriteStream = process.stderr,
  clock: () => Date = () => new Date(),
): CliEnvironment {
  let loaded: Loaded | null = null;
  const load = (): Loaded => {
    if (!loaded) {
      const config = loadConfig(env);
      const terminal = stderr.isTTY === true;
      const format: LogFormat = config.logFormat === "auto" ? (terminal ? "text" : "json") : config.logFormat;
      if (terminal && format === "text") {
        const progress = terminalProgress(stderr);
        loaded = { config, log: createLogger(config.logLevel, { format, stream: progress.logStream }), progress };
      } else {
        loaded = { config, log: createLogger(config.logLevel, { format, stream: stderr }), progress: NO_PROGRESS };
      }
    }
    return loaded;
  };
  return {
    load: () => ({ config: load().config, log: load().log }),
    progress: () => load().progress,
    clock,
    async withDatabase(work) {
      const db = await openDatabase(load().config.databasePath);
      try {
        return await work(db);
      } finally {
        await db.$disconnect();
      }
    },
  };
}
