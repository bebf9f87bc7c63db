// Applies the committed Prisma migrations (prisma/migrations/*/migration.sql) at start,
// in-process, keeping Prisma's own `_prisma_migrations` bookkeeping so that
// `prisma migrate status` agrees. The Prisma CLI is a development tool and is not run here.
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";

export const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

export class MigrationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "MigrationError";
  }
}

interface AppliedMigration {
  migration_name: string;
  checksum: string;
  finished_at: string | null;
}

function migrationNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort();
}

/** Brings the database file up to date; returns the names of the migrations it applied. */
export function applyMigrations(databasePath: string, dir: string = MIGRATIONS_DIR): string[] {
  const db = new Database(databasePath);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("busy_timeout = 10000");
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" TEXT PRIMARY KEY NOT NULL,
      "checksum" TEXT NOT NULL,
      "finished_at" DATETIME,
      "migration_name" TEXT NOT NULL,
      "logs" TEXT,
      "rolled_back_at" DATETIME,
      "started_at" DATETIME NOT NULL DEFAULT current_timestamp,
      "applied_steps_count" INTEGER UNSIGNED NOT NULL DEFAULT 0
    )`);
    const applied = new Map(
      db
        .prepare<[], AppliedMigration>(
          `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
        )
        .all()
        .map((row) => [row.migration_name, row]),
    );
    const done: string[] = [];
    for (const name of migrationNames(dir)) {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      const checksum = createHash("sha256").update(sql).digest("hex");
      const previous = applied.get(name);
      if (previous) {
        if (previous.finished_at === null) {
          throw new MigrationError(`migration ${name} was started but never finished; restore the database from a backup`);
        }
        if (previous.checksum !== checksum) {
          throw new MigrationError(`migration ${name} was changed after it was applied`);
        }
        continue;
      }
      // One transaction per migration: a failure leaves the database as it was. Foreign keys
      // are off meanwhile (SQLite ignores the migration's own PRAGMA inside a transaction), or
      // dropping a table to redefine it would null or delete the rows that refer to it; they
      // are checked before the commit instead.
      db.pragma("foreign_keys = OFF");
      try {
        db.transaction(() => {
          db.exec(sql);
          const broken = db.pragma("foreign_key_check") as { table: string; parent: string }[];
          if (broken.length > 0) {
            const first = broken[0]!;
            throw new MigrationError(`migration ${name} leaves ${broken.length} row(s) whose foreign key finds nothing (first: ${first.table} to ${first.parent})`);
          }
          db.prepare(
            `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
             VALUES (?, ?, current_timestamp, ?, 1)`,
          ).run(randomUUID(), checksum, name);
        }).immediate();
      } finally {
        db.pragma("foreign_keys = ON");
      }
      done.push(name);
    }
    return done;
  } catch (error) {
    if (error instanceof MigrationError) throw error;
    throw new MigrationError(`could not migrate ${databasePath}: ${(error as Error).message}`, { cause: error });
  } finally {
    db.close();
  }
}
