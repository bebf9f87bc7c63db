// Applying migrations at start: foreign keys are off while one runs (so that redefining a
// table keeps the rows that refer to it) and checked before it commits.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyMigrations, MigrationError } from "../../src/records/migrate.ts";

let dir: string;
const write = (name: string, sql: string): void => {
  mkdirSync(path.join(dir, "migrations", name), { recursive: true });
  writeFileSync(path.join(dir, "migrations", name, "migration.sql"), sql);
};
const rows = (sql: string): unknown[] => {
  const db = new Sqlite(path.join(dir, "test.db"), { readonly: true });
  try {
    return db.prepare(sql).all();
  } finally {
    db.close();
  }
};

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "intake-migrate-"));
  write(
    "1_tables",
    `CREATE TABLE "Parent" ("id" INTEGER PRIMARY KEY);
     CREATE TABLE "Child" ("id" INTEGER PRIMARY KEY, "parentId" INTEGER REFERENCES "Parent" ("id") ON DELETE SET NULL);
     INSERT INTO "Parent" VALUES (1); INSERT INTO "Child" VALUES (10, 1);`,
  );
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("applying migrations", () => {
  it("redefining a table keeps the links of the rows that refer to it", () => {
    write(
      "2_redefine",
      `PRAGMA defer_foreign_keys=ON; PRAGMA foreign_keys=OFF;
       CREATE TABLE "new_Parent" ("id" INTEGER PRIMARY KEY, "name" TEXT);
       INSERT INTO "new_Parent" ("id") SELECT "id" FROM "Parent";
       DROP TABLE "Parent"; ALTER TABLE "new_Parent" RENAME TO "Parent";
       PRAGMA foreign_keys=ON; PRAGMA defer_foreign_keys=OFF;`,
    );
    expect(applyMigrations(path.join(dir, "test.db"), path.join(dir, "migrations"))).toEqual(["1_tables", "2_redefine"]);
    expect(rows(`SELECT * FROM "Child"`)).toEqual([{ id: 10, parentId: 1 }]);
  });

  it("a migration that leaves a link to nothing is refused, and changes nothing", () => {
    applyMigrations(path.join(dir, "test.db"), path.join(dir, "migrations"));
    write("2_dangling", `INSERT INTO "Child" VALUES (11, 99);`);
    expect(() => applyMigrations(path.join(dir, "test.db"), path.join(dir, "migrations"))).toThrow(MigrationError);
    expect(() => applyMigrations(path.join(dir, "test.db"), path.join(dir, "migrations"))).toThrow(/2_dangling leaves 1 row\(s\) whose foreign key finds nothing \(first: Child to Parent\)/);
    expect(rows(`SELECT * FROM "Child"`)).toEqual([{ id: 10, parentId: 1 }]);
    expect(rows(`SELECT "migration_name" FROM "_prisma_migrations"`)).toEqual([{ migration_name: "1_tables" }]);
  });
});
