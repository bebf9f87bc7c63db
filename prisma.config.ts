// Prisma CLI configuration. Prisma 6.19 with the SQLite driver adapter and the
// WebAssembly schema engine works offline; `url = env("DATABASE_URL")` must stay in the
// schema or every CLI call tries to download a native query engine. The processor itself
// never uses the CLI: it applies prisma/migrations at start (src/records/migrate.ts).
import { mkdirSync } from "node:fs";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

// The CLI opens this database even for `migrate diff`; its folder must exist.
mkdirSync("var", { recursive: true });
process.env.DATABASE_URL ??= "file:./var/intake.db";
const url = process.env.DATABASE_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  adapter: () => Promise.resolve(new PrismaBetterSQLite3({ url })),
});
