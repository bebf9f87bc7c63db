// What a command needs from its surroundings, built lazily so that `--help` works with
// no configuration and no database.
import { loadConfig, type Config } from "../config/config.ts";
import { createLogger, type Logger } from "../log/logger.ts";
import { openDatabase, type Database } from "../records/database.ts";

export interface CliEnvironment {
  load(): { config: Config; log: Logger };
  withDatabase<T>(work: (db: Database) => Promise<T>): Promise<T>;
}

export function cliEnvironment(env: Readonly<Record<string, string | undefined>>): CliEnvironment {
  let loaded: { config: Config; log: Logger } | null = null;
  const load = (): { config: Config; log: Logger } => {
    if (!loaded) {
      const config = loadConfig(env);
      loaded = { config, log: createLogger(config.logLevel) };
    }
    return loaded;
  };
  return {
    load,
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
